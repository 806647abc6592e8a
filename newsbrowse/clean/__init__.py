"""Cleaning: HTML pages and text dumps into Articles (clean text, title, date, authors, dateline...)."""

from newsbrowse.clean.document import NotAnArticle, clean_document, clean_record
from newsbrowse.clean.html import clean_html
from newsbrowse.clean.text import clean_text

__all__ = ["NotAnArticle", "clean_document", "clean_html", "clean_record", "clean_text"]
