from django.urls import path

from akkopsi.coordination import views

app_name = "coordination"

urlpatterns = [path("pengurus/", views.board, name="board")]
