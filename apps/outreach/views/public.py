"""The public download of a material in one language (for the portal and the public API):
the newest uploaded file, else the flyer generated from the text. No personal data, no
cookie, cacheable."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from apps.core.client_languages import is_client_language
from apps.core.permissions import public
from apps.core.storage import safe_filename
from apps.outreach import selectors, services
from apps.outreach.links import base_url_of

# Materials change seldom; a day keeps phones on slow connections from fetching twice, and
# the ETag lets a revalidation answer 304 without the bytes.
PUBLIC_CACHE = "public, max-age=3600"


@public
@require_safe
def download(request, pk: int, language: str):
    from django.http import Http404

    if not is_client_language(language):
        raise Http404
    material, file, text = selectors.public_download(pk, language)
    if file is not None:
        data, content_type, etag = bytes(file.data), file.content_type, file.sha256
        name = safe_filename(file.original_name or material.title, content_type)
        if content_type == "video/mp4":  # core's helper knows the document types only
            name = name.rpartition(".")[0] + ".mp4"
    else:
        flyer = services.flyer_render(material=material, language=language, base_url=base_url_of(request))
        data, content_type, etag = bytes(flyer.data), "application/pdf", flyer.text_hash
        name = safe_filename(f"{text.title}.pdf", content_type)
    etag = f'"{etag[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Length"] = str(len(data))
        response["Content-Disposition"] = content_disposition_header(True, name)
    response["ETag"] = etag
    response["Cache-Control"] = PUBLIC_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response
