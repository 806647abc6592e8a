"""Lines real pages leave inside an article, in the main European languages: tag lists, comment
notices, social prompts, summary-box labels, runs of links to other stories, bare image URLs.

General forms, not any one site's: each is a short line that labels itself ("Tags:",
"Abgelegt unter", "Kommentare geschlossen", "Følg oss på Facebook") or is made of links.
"""

from __future__ import annotations

import re

# A line this long is an article sentence, whatever words it holds.
_LINE_CHARS = 200
# "Tags: a, b", "Abgelegt unter: Politik", "Emneord: ...": a list of topics under a label.
_TAG_LIST = re.compile(
    r"(?:(?:tags?|topics?|categories|keywords|schlagw[öo]rter|stichw[öo]rter|themen|emneord|nøkkelord|stikkord|ämnen"
    r"|ämnesord|etiquetas|temas|étiquettes|mots[- ]clés|thèmes|argomenti|parole chiave|trefwoorden|onderwerpen"
    r"|тэги|теги|метки|темы)\s*:|filed under|abgelegt unter|tagged with|publié dans|archiviato in)\s*.*",
    re.IGNORECASE,
)
# Notices about the comment section: closed, moderated, rules, count.
_COMMENT_NOTICE = re.compile(
    r"\b(?:comments? (?:are|is) (?:closed|disabled|moderated|turned off)|commenting (?:is )?(?:closed|disabled)"
    r"|kommentare? (?:sind |ist )?(?:geschlossen|deaktiviert|moderiert)|kommentarfunktion"
    r"|kommentar(?:feltet|er|ene|erna)? (?:er|är) (?:stengt|lukket|lukka|stängd|stängda|avstengt|slått av)"
    r"|(?:les )?commentaires (?:sont )?(?:fermés|désactivés|modérés)"
    r"|(?:los )?comentarios (?:están )?(?:cerrados|desactivados|moderados)|(?:i )?commenti (?:sono )?(?:chiusi|disattivati)"
    r"|reacties (?:zijn )?(?:gesloten|uitgeschakeld)|комментарии (?:закрыты|отключены))\b",
    re.IGNORECASE,
)
# Prompts to follow the outlet on a social network, in any main language.
_SOCIAL = re.compile(
    r"(?:follow|følg|folg|följ|folgen sie|suivez|síguenos|segui(?:teci|ci)|volg|подписывайтесь)\b.{0,60}?"
    r"\b(?:instagram|facebook|twitter|tiktok|youtube|linkedin|threads|snapchat|whatsapp|telegram|bluesky|x\.com)\b",
    re.IGNORECASE,
)
# A line that is only a URL or an image file name (a body repeated with its pictures' addresses).
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:jpe?g|png|gif|webp|avif|svg)(?:\?\S*)?", re.IGNORECASE)
# The label of a summary box above the article ("Kortversjonen", "In short", "Das Wichtigste in Kürze").
_SUMMARY_LABEL = re.compile(
    r"(?:kortversjonen|kort fortalt|kort sagt|kortversion|kort och gott|in short|summary|key points|highlights"
    r"|the short version|tl;?dr|das wichtigste in kürze|das wichtigste|kurz und knapp|in kürze|en bref|l'essentiel"
    r"|en resumen|lo más importante|in breve|in sintesi|in het kort|samenvatting|sammanfattning|sammendrag"
    r"|resumo|коротко|главное|кратко)",
    re.IGNORECASE,
)
# Markers of a run of links to other stories inside a paragraph ("… Headline MORE", "» Headline »").
_MORE = re.compile(r"\b(?:MORE|MEHR|MER|MEER|PLUS|MÁS|ALTRO|LES MER|LÄS MER|БОЛЬШЕ)\b|[»›]")
_LINK_RUN_SHARE = 0.5


def is_leftover_line(text: str) -> bool:
    """True for a short line that is page furniture in any main language: a tag list, a comment
    notice, a social prompt, a bare URL or image name."""
    line = text.strip(" \t|•·»›>:-–—")
    if not line or len(line) > _LINE_CHARS:
        return False
    return (
        _TAG_LIST.fullmatch(line) is not None
        or _COMMENT_NOTICE.search(line) is not None
        or _SOCIAL.match(line) is not None
        or _BARE_URL.fullmatch(line) is not None
    )


def is_summary_label(text: str) -> bool:
    """True for the label of a summary box ("Kortversjonen", "In short", "Das Wichtigste in Kürze")."""
    return len(text) <= 40 and _SUMMARY_LABEL.fullmatch(text.strip(" :.-–—")) is not None


def is_link_run(text: str, link_chars: int) -> bool:
    """True for a paragraph that is mostly links to other stories, marked as such ("... MORE", "»")."""
    return link_chars >= _LINK_RUN_SHARE * len(text) and _MORE.search(text) is not None
