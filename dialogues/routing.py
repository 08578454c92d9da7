from django.urls import path

from dialogues import consumers

websocket_urlpatterns = [
    path(
        "ws/dialogues/<int:dialogue_id>/contributions/",
        consumers.DialogueConsumer.as_asgi(),
        name="ws-dialogue-contributions",
    ),
]
