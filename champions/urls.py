from django.urls import path

from champions.views import auth, portal

app_name = "champions"
urlpatterns = [
    path("sign-in/", auth.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth.SignOutView.as_view(), name="sign_out"),
    path("set-password/<uidb64>/<token>/", auth.SetPasswordView.as_view(), name="set_password"),
    path("password-saved/", auth.PasswordSetView.as_view(), name="password_set"),
    path("new-password-link/", auth.NewLinkView.as_view(), name="password_reset"),
    path("new-password-link/sent/", auth.NewLinkSentView.as_view(), name="password_link_sent"),
    path("keep-active/<str:token>/", portal.keep_active, name="keep_active"),
    path("portal/", portal.home, name="portal"),
    path("portal/profile/", portal.profile, name="profile"),
    path("portal/training/", portal.training, name="training"),
    path("portal/training/<str:reference>/certificate/", portal.certificate, name="certificate"),
    path("portal/sessions/", portal.sessions, name="sessions"),
    path("portal/log-help/", portal.log_help, name="log_help"),
    path("portal/my-data.json", portal.my_data, name="my_data"),
    path("portal/leave/", portal.leave, name="leave"),
]
