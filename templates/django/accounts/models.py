from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's user model (settings.AUTH_USER_MODEL).

    It adds nothing to Django's default user yet. Django advises a custom
    user model for every new project: adding a field here later is one
    migration, while swapping the user model once tables exist is painful.
    Refer to it as settings.AUTH_USER_MODEL or get_user_model(), never as
    django.contrib.auth.models.User.
    """
