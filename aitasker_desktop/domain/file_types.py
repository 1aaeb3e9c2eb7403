"""A file's type in words people use ("PDF document", "PNG image"), from its media type or,
when that says nothing useful, its name's extension; never a MIME string."""

from aitasker_desktop.domain.filenames import split_extension

_BY_MEDIA = {
    "application/pdf": "PDF document",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "image/bmp": "Bitmap image",
    "image/svg+xml": "SVG image",
    "image/tiff": "TIFF image",
    "text/markdown": "Markdown document",
    "text/csv": "CSV table",
    "text/plain": "Plain text",
    "text/html": "Web page",
    "application/json": "JSON data",
    "application/zip": "ZIP archive",
    "application/msword": "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.ms-excel": "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.ms-powerpoint": "PowerPoint presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        "PowerPoint presentation"
    ),
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
    "audio/mpeg": "MP3 audio",
    "audio/wav": "WAV audio",
    "video/mp4": "MP4 video",
}

_BY_EXTENSION = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".json": "application/json",
    ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
}

_GENERIC = {"", "application/octet-stream", "binary/octet-stream"}


def media_type_of(media_type: str | None, name: str | None) -> str:
    """The media type, lower-case and without parameters; guessed from the name's extension
    when the server sent none or a generic one."""
    media = (media_type or "").split(";", 1)[0].strip().lower()
    if media in _GENERIC:
        _stem, ext = split_extension(name or "")
        return _BY_EXTENSION.get(ext.lower(), media)
    return media


def file_type_words(media_type: str | None, name: str | None) -> str:
    """'PDF document', 'PNG image', 'DOCX file' for a known extension with an unknown type,
    else 'File'."""
    media = media_type_of(media_type, name)
    if media in _BY_MEDIA:
        return _BY_MEDIA[media]
    _stem, ext = split_extension(name or "")
    if media.startswith("image/"):
        return "Image"
    if media.startswith("text/"):
        return "Text"
    if media.startswith("audio/"):
        return "Audio"
    if media.startswith("video/"):
        return "Video"
    word = ext[1:].upper()
    return f"{word} file" if word.isalnum() and len(word) <= 5 else "File"
