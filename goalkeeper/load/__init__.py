"""Loaders: bytes in, a document with a source map (or located GK findings) out."""

from goalkeeper.load.document import Document, LoadResult, load_bytes, load_path

__all__ = ["Document", "LoadResult", "load_bytes", "load_path"]
