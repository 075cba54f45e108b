"""A bare intake: the same two rows the real intake stores, nothing else."""

import json

from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from renda.core import clock
from renda.handling.models import Case, Kind
from renda.opinions.models import PublicOpinion
from renda.opinions.services import new_tracking_code


@csrf_exempt
@require_POST
def intake(request):
    data = json.loads(request.body)
    code = new_tracking_code()
    now = clock.now()
    with transaction.atomic():
        case = Case.objects.create(
            kind=Kind.PUBLIC_OPINION, title=data["text"][:60], reference=code, registered_at=now
        )
        PublicOpinion.objects.create(
            case=case,
            tracking_code=code,
            client_token=data.get("client_token") or None,
            channel="api",
            category=data["category"],
            text=data["text"],
            district_id=data.get("district"),
            location=data.get("location", ""),
            submitter_name=data.get("submitter_name", ""),
            submitter_phone=data.get("submitter_phone", ""),
            submitted_at=now,
        )
    return JsonResponse({"tracking_code": code, "created": True}, status=201)


def ping(request):
    return HttpResponse("ok")
