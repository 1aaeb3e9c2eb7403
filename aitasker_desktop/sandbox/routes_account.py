"""Catalog, balance and the free brief tools: the account routes AITasker documents."""

from fastapi import APIRouter

from . import briefs
from . import conventions as c
from .catalog import Catalog
from .deps import Caller, Runtime
from .errors import AUTHED, WITH_BODY, answers
from .schemas import Balance, BriefDraft, GeneratedBrief, Suggestions

router = APIRouter(tags=["account"])


@router.get(
    c.CATEGORIES,
    response_model=Catalog,
    responses=answers(*AUTHED),
    summary="Categories and task types (with budget ranges and median win prices)",
)
def categories(rt: Runtime, _caller: Caller) -> Catalog:
    return rt.catalog


@router.get(
    c.BALANCE,
    response_model=Balance,
    responses=answers(*AUTHED),
    summary="Credit balance (plus held_usd)",
)
def balance(rt: Runtime, caller: Caller) -> Balance:
    return Balance.model_validate(rt.buyer.balance(caller))


@router.post(
    c.BRIEF_SUGGESTIONS,
    response_model=Suggestions,
    responses=answers(*WITH_BODY),
    tags=["brief tools"],
    summary='What the brief lacks: {"suggestions": [{field, message}]} (60/hour)',
)
def brief_suggestions(body: BriefDraft, rt: Runtime, _caller: Caller) -> Suggestions:
    text = body.description or body.brief or ""
    found = briefs.suggestions(
        rt.catalog,
        title=body.title,
        text=text,
        category=body.category,
        task_type=body.task_type,
        budget_usd=body.budget_usd,
        requirements=body.requirements,
    )
    return Suggestions.model_validate({"suggestions": found})


@router.post(
    c.BRIEF_GENERATE,
    response_model=GeneratedBrief,
    responses=answers(*WITH_BODY),
    tags=["brief tools"],
    summary="A drafted brief from an idea (10/hour)",
)
def brief_generate(body: BriefDraft, rt: Runtime, _caller: Caller) -> GeneratedBrief:
    drafted = briefs.generate(
        rt.catalog,
        idea=body.idea or body.description or body.brief or "",
        title=body.title,
        category=body.category,
        task_type=body.task_type,
    )
    return GeneratedBrief.model_validate(drafted)
