from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Membership, Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county_id", read_only=True, allow_null=True)
    county_name = serializers.CharField(source="county.name", read_only=True, default=None)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "code", "county", "county_name", "website", "url"]
        read_only_fields = fields

    def get_url(self, obj: Organisation) -> str:
        return obj.get_absolute_url()


class MemberSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)
    display_name = serializers.CharField(read_only=True)

    def to_representation(self, instance: Membership) -> dict:
        return {
            "email": instance.user.email,
            "role": instance.role,
            "display_name": instance.user.display_name,
        }


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    code = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text=_(
            "For accounts with two-factor authentication: the code from the authenticator "
            "app, or an unused recovery code."
        ),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send as `Authorization: Token <token>`."))
    expires = serializers.DateTimeField(help_text=_("When the token stops working."))


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["email", "display_name", "language", "is_staff", "memberships"]
        read_only_fields = ["email", "is_staff", "memberships"]
        extra_kwargs = {
            "display_name": {"max_length": 100},
            "language": {"help_text": _("Language of pages and e-mail: sv or en.")},
        }

    def get_memberships(self, obj: User) -> list[dict[str, str]]:
        return [
            {"organisation": m.organisation.slug, "role": m.role}
            for m in obj.memberships.select_related("organisation")
        ]
