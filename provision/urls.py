from django.urls import path

from provision import views

urlpatterns = [
    path("find-help/", views.find_help, name="find_help"),
]
