"""What clients read of outreach (the portal's list of materials): the kinds and target groups
in plain words. Extracted for every client language (settings.CLIENT_MESSAGE_SOURCES); the back
office uses the labels of apps.outreach.models instead. Keep them few and plain."""

from django.utils.translation import gettext_lazy as _

KIND = {
    "flyer": _("Flyer"),
    "poster": _("Poster"),
    "video": _("Video"),
    "social_media_post": _("Post for social media"),
}

TARGET_GROUP = {
    "general": _("For everyone"),
    "obliged_to_leave": _("For people who must leave Germany"),
    "asylum_seekers": _("For people in a reception centre"),
    "families": _("For families with children"),
    "professionals": _("For professionals"),
}
