"""What each button of the user page does: its role, its form and its service call.

`ACTIONS[name].run(pool, username, cleaned_data)` makes the Cognito call (one
audited write, console.cognito.users / groups) and returns the message to show.
The URL of each is users:user_<name>, at <username>/<slug>/ (ACTION_SLUGS).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from console.cognito.auth_events import auth_event_feedback
from console.cognito.groups import group_add_user, group_list_all, group_remove_user
from console.cognito.identities import (
    SUBJECT,
    provider_list_names,
    user_link_provider,
    user_unlink_provider,
)
from console.cognito.users import (
    device_forget,
    device_set_status,
    user_confirm,
    user_create,
    user_delete,
    user_delete_attributes,
    user_disable,
    user_enable,
    user_reset_password,
    user_set_mfa_preference,
    user_set_password,
    user_set_settings,
    user_sign_out,
    user_update_attributes,
)
from console.forms import PoolNameConfirmForm
from console.roles import ADMIN, OPERATOR

from . import forms as f
from . import services
from .search.services import forget_user


@dataclass(frozen=True)
class Action:
    """One action of the user page: who may run it, what it does, its form."""

    role: str
    run: Callable  # (pool, username, cleaned_data) -> str message
    form: Callable | None = None  # (data, pool, user_or_username) -> Form
    context_key: str = ""
    needs_user: bool = False


ACTIONS: dict[str, Action] = {
    "enable": Action(
        OPERATOR, lambda p, u, d: (user_enable(pool_id=p.id, username=u), f"Enabled {u}.")[1]
    ),
    "disable": Action(
        OPERATOR,
        lambda p, u, d: (
            user_disable(pool_id=p.id, username=u),
            f"Disabled {u}: they can no longer sign in.",
        )[1],
        form=lambda data, pool, user: PoolNameConfirmForm(data, confirm_pool=pool),
    ),
    "reset_password": Action(
        OPERATOR,
        lambda p, u, d: (
            user_reset_password(pool_id=p.id, username=u),
            f"Reset the password of {u}: they must set a new one with a code.",
        )[1],
        form=lambda data, pool, user: f.ResetPasswordForm(data, confirm_pool=pool),
    ),
    "confirm": Action(
        OPERATOR,
        lambda p, u, d: (user_confirm(pool_id=p.id, username=u), f"Confirmed the sign-up of {u}.")[
            1
        ],
    ),
    "sign_out": Action(
        OPERATOR,
        lambda p, u, d: (
            user_sign_out(pool_id=p.id, username=u),
            f"Signed {u} out everywhere: their refresh tokens are revoked.",
        )[1],
        form=lambda data, pool, user: PoolNameConfirmForm(data, confirm_pool=pool),
    ),
    "resend_invite": Action(
        OPERATOR,
        lambda p, u, d: (
            user_create(pool_id=p.id, username=u, message_action="RESEND"),
            f"Re-sent the invitation to {u}.",
        )[1],
    ),
    "set_password": Action(
        OPERATOR,
        lambda p, u, d: (
            user_set_password(
                pool_id=p.id, username=u, password=d["password"], permanent=d["permanent"]
            ),
            f"Set a {'permanent' if d['permanent'] else 'temporary'} password for {u}.",
        )[1],
        form=lambda data, pool, user: f.SetPasswordForm(data, pool=pool, confirm_pool=pool),
        context_key="set_password_form",
    ),
    "attributes": Action(
        OPERATOR,
        lambda p, u, d: (
            user_update_attributes(pool_id=p.id, username=u, attributes=d["changes"]),
            f"Updated {', '.join(sorted(d['changes']))} of {u}.",
        )[1],
        form=lambda data, pool, user: f.EditAttributesForm(data, pool=pool, user=user),
        context_key="edit_form",
        needs_user=True,
    ),
    "delete_attributes": Action(
        OPERATOR,
        lambda p, u, d: (
            user_delete_attributes(pool_id=p.id, username=u, names=d["names"]),
            f"Deleted {', '.join(d['names'])} of {u}.",
        )[1],
        form=lambda data, pool, user: f.DeleteAttributesForm(
            data, pool=pool, user=user, confirm_pool=pool
        ),
        context_key="delete_attributes_form",
        needs_user=True,
    ),
    "mfa": Action(
        OPERATOR,
        lambda p, u, d: (
            user_set_mfa_preference(
                pool_id=p.id, username=u, enabled=d["enabled"], preferred=d["preferred"]
            ),
            f"Saved the MFA preferences of {u}.",
        )[1],
        form=lambda data, pool, user: f.MfaPreferenceForm(data),
        context_key="mfa_form",
    ),
    "settings": Action(
        OPERATOR,
        lambda p, u, d: (
            user_set_settings(pool_id=p.id, username=u, sms_mfa=d["sms_mfa"]),
            f"Saved the legacy MFA settings of {u}.",
        )[1],
        form=lambda data, pool, user: f.LegacySettingsForm(data),
        context_key="settings_form",
    ),
    "add_group": Action(
        OPERATOR,
        lambda p, u, d: (
            group_add_user(pool_id=p.id, group_name=d["group"], username=u),
            f"Added {u} to {d['group']}.",
        )[1],
        form=lambda data, pool, user: f.GroupChoiceForm(
            data, groups=group_list_all(pool_id=pool.id)
        ),
        context_key="add_group_form",
    ),
    "remove_group": Action(
        OPERATOR,
        lambda p, u, d: (
            group_remove_user(pool_id=p.id, group_name=d["group"], username=u),
            f"Removed {u} from {d['group']}.",
        )[1],
        form=lambda data, pool, user: f.GroupChoiceForm(
            data, groups=group_list_all(pool_id=pool.id), confirm_pool=pool
        ),
    ),
    "forget_device": Action(
        OPERATOR,
        lambda p, u, d: (
            device_forget(pool_id=p.id, username=u, device_key=d["device_key"]),
            f"Forgot device {f.device_words(d)} of {u}.",
        )[1],
        form=lambda data, pool, user: f.ForgetDeviceForm(data, confirm_pool=pool),
    ),
    "device_status": Action(
        OPERATOR,
        lambda p, u, d: (
            device_set_status(
                pool_id=p.id, username=u, device_key=d["device_key"], status=d["status"]
            ),
            f"Marked device {f.device_words(d)} of {u} "
            + ("remembered." if d["status"] == "remembered" else "not remembered."),
        )[1],
        form=lambda data, pool, user: f.DeviceStatusForm(data),
    ),
    "verify_contact": Action(
        OPERATOR,
        lambda p, u, d: (
            user_update_attributes(
                pool_id=p.id, username=u, attributes={f"{d['attribute']}_verified": "true"}
            ),
            f"Marked the {d['attribute']} of {u} as verified: Cognito now sends password "
            "reset codes there.",
        )[1],
        form=lambda data, pool, user: f.VerifyContactForm(data, user=user),
        needs_user=True,
    ),
    "event_feedback": Action(
        OPERATOR,
        lambda p, u, d: (
            auth_event_feedback(pool_id=p.id, username=u, event_id=d["event_id"], value=d["value"]),
            f"Marked the sign-in event {d['event_id']} of {u} "
            f"{'valid (it was them)' if d['value'] == 'Valid' else 'invalid (it was not them)'}.",
        )[1],
        form=lambda data, pool, user: f.EventFeedbackForm(data),
    ),
    "link_provider": Action(
        OPERATOR,
        lambda p, u, d: (
            user_link_provider(
                pool_id=p.id,
                username=u,
                provider_name=d["provider_name"],
                attribute_name=d["attribute_name"],
                attribute_value=d["attribute_value"],
            ),
            f"Linked {u} to the {d['provider_name']} identity "
            + (
                d["attribute_value"]
                if d["attribute_name"] == SUBJECT
                else f"whose {d['attribute_name']} is {d['attribute_value']}"
            )
            + ": when it signs in, Cognito signs in this user.",
        )[1],
        form=lambda data, pool, user: f.LinkProviderForm(
            data, providers=provider_list_names(pool_id=pool.id)
        ),
        context_key="link_provider_form",
    ),
    "unlink_provider": Action(
        OPERATOR,
        # The service reads the user first and sends nothing unless the identity is
        # this user's (AdminDisableProviderForUser acts on the whole pool); the message
        # is what Cognito shows afterwards (a federated user's own identity disables it).
        lambda p, u, d: (
            user_unlink_provider(
                pool_id=p.id,
                username=u,
                provider_name=d["provider_name"],
                attribute_name=d["attribute_name"],
                attribute_value=d["attribute_value"],
            ).message
        ),
        form=lambda data, pool, user: f.UnlinkProviderForm(data, confirm_pool=pool),
    ),
    "mfa_recovery": Action(
        OPERATOR,
        lambda p, u, d: services.mfa_recovery(p, u, d),
        form=lambda data, pool, user: f.MfaRecoveryForm(
            data, pool=pool, user=user, confirm_pool=pool
        ),
        context_key="mfa_recovery_form",
        needs_user=True,
    ),
    "delete": Action(
        ADMIN,
        lambda p, u, d: (
            user_delete(pool_id=p.id, username=u),
            forget_user(p.id, u),
            f"Deleted the user {u}.",
        )[2],
        form=lambda data, pool, user: f.DeleteUserForm(data, username=user, confirm_pool=pool),
        context_key="delete_form",
    ),
}
ACTION_SLUGS = {name: name.replace("_", "-") for name in ACTIONS}

# Where on the user page each action's result shows: the id its redirect's fragment
# names, and the section its message is shown in (users/_section_messages.html).
ACTION_SECTIONS = {
    **dict.fromkeys(
        ("enable", "disable", "reset_password", "confirm", "sign_out", "resend_invite"),
        "h-actions",
    ),
    **dict.fromkeys(("set_password", "delete"), "h-actions"),
    **dict.fromkeys(("attributes", "delete_attributes", "verify_contact"), "h-attrs"),
    **dict.fromkeys(("mfa", "settings", "mfa_recovery"), "h-mfa"),
    **dict.fromkeys(("add_group", "remove_group"), "h-groups"),
    "forget_device": "h-devices",
    "device_status": "h-devices",
    "event_feedback": "signin-history",
    **dict.fromkeys(("link_provider", "unlink_provider"), "linked-identities"),
}
