# Filled in by its issue; kept empty so the namespaces exist.
urlpatterns: list = []
