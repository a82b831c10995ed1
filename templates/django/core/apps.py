from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from .throttle import record_failure

        user_login_failed.connect(record_failure, dispatch_uid="core.throttle")
