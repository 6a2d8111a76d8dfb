from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from backend.translation.schemas import TranslationLanguages
from backend.translation.service import Translations

router = APIRouter(prefix="/translation", tags=["translation"])


def get_translations(request: Request) -> Translations:
    return request.app.state.translations


TranslationsDep = Annotated[Translations, Depends(get_translations)]


@router.get("/languages", response_model=TranslationLanguages)
async def languages(translations: TranslationsDep) -> TranslationLanguages:
    """The languages an account may choose, and what chat is translated between: ko, en, zh,
    ja and vi always; any other language the configured provider translates into. With the
    provider `none` languages are still detected (each message carries `lang`) and nothing is
    translated."""
    return translations.describe()
