from django.shortcuts import render


def find_help(request):
    query = (request.GET.get("postcode") or request.GET.get("q") or "").strip()
    return render(request, "provision/find_help.html", {"query": query})
