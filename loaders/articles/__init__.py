"""News articles about emulation blocs to records documents.

``extract_text`` and ``extract_file`` read one article (plain text or a saved
HTML page, in UTF-8, Windows-1258, TCVN3 or VNI) and return a validated
:class:`loaders.records.RecordsDocument`; ``write_records`` saves it as JSON;
``article_files`` finds the articles among files and folders.
"""

from tdkt.loaders.articles.extract import extract_file, extract_text, write_records
from tdkt.loaders.articles.files import ARTICLE_SUFFIXES, article_files

__all__ = ["ARTICLE_SUFFIXES", "article_files", "extract_file", "extract_text", "write_records"]
