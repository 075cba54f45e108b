"""How the handling engine treats deliberation opinions (R41): see oversight part."""
