from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from renda.core.models import (
    AuditEntry,
    CommitteeMember,
    Deputy,
    Organisation,
    Person,
    Session,
    Term,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("renda", {"fields": ("person", "organisation")}))
    raw_id_fields = ("person", "organisation")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    search_fields = ("name",)


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "person", "delegation", "status")
    list_select_related = ("person", "delegation")
    raw_id_fields = ("person",)
    search_fields = ("code", "person__name")


admin.site.register(CommitteeMember, SimpleHistoryAdmin)
admin.site.register(Term)
admin.site.register(Session)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only."""

    list_display = ("created_at", "actor_name", "verb", "target_repr")
    search_fields = ("target_repr", "verb", "actor_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
