from django.urls import path

from amends.banking import views

app_name = "banking"
urlpatterns = [
    path("batches/", views.batches, name="batches"),
    path("batches/new/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/download.<str:format>", views.batch_download, name="batch_download"),
    path("batches/<int:pk>/reveal/", views.batch_reveal, name="batch_reveal"),
    path("statements/upload/", views.statement_upload, name="statement_upload"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_detail"),
    path("payees/<int:creditor_pk>/", views.payee_account, name="payee_account"),
    path("payees/<int:creditor_pk>/reveal/", views.payee_account_reveal, name="payee_account_reveal"),
]
