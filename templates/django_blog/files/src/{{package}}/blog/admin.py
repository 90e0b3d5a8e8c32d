from django.contrib import admin

from .models import Category, Comment, Post, Tag


@admin.register(Category, Tag)
class NamedAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["name", "body", "created", "is_public"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "published_at", "views"]
    list_filter = ["status", "category", "tags"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    readonly_fields = ["views", "created", "updated"]
    inlines = [CommentInline]

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "post", "created", "is_public"]
    list_filter = ["is_public"]
    list_editable = ["is_public"]
    search_fields = ["name", "body"]
