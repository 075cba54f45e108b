"""The stack's own limit for the opinions intake bench: a bare Django view that stores
the same rows as an intake (a Case and a PublicOpinion with a tracking code), with no
validation, no search index, no routing and no audit (bench/opinions.py)."""
