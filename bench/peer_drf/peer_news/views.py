from django.db.models import Q
from rest_framework import generics

from .models import News
from .serializers import NewsSerializer


class NewsList(generics.ListAPIView):
    """Newest first, 20 a page (PageNumberPagination: counted); `?q=` in the title or the body."""

    serializer_class = NewsSerializer

    def get_queryset(self):
        queryset = News.objects.all()
        query = self.request.query_params.get("q", "").strip()
        if query:
            queryset = queryset.filter(Q(title__icontains=query) | Q(body__icontains=query))
        return queryset


class NewsDetail(generics.RetrieveAPIView):
    queryset = News.objects.all()
    serializer_class = NewsSerializer
