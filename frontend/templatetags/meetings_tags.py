"""`{% meetings_section dialogue %}`: the meetings of a dialogue with their sign-up forms,
for the dialogue page (frontend/dialogues/_meetings.html) without its view knowing them."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("frontend/meetings/_section.html", takes_context=True)
def meetings_section(context: template.Context, dialogue: Any) -> dict[str, Any]:
    from frontend.views.meetings import section_context

    request = context["request"]
    return {
        **section_context(request, dialogue),
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def meeting_attendance(dialogue: Any) -> Any:
    """`{% meeting_attendance dialogue as attendance %}`: the attendance for the summary."""
    from meetings.selectors import attendance_for_dialogue

    return attendance_for_dialogue(dialogue)
