"""The printed page on the site: a page read from a PDF shows its picture with each article's
printed region a link to it (hot zones), on the page view and, smaller, on the issue view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from articles.models import Article, Page, PageImage
from articles.services import pdf_import

SAMPLE = Path(__file__).parent / "data" / "sample_page.pdf"
ZONE = re.compile(r'<a class="hot-zone" href="([^"]+)"[^>]*style="left:([\d.]+)%;top:([\d.]+)%;'
                  r'width:([\d.]+)%;height:([\d.]+)%"')


def test_a_box_in_pdf_points_becomes_percentages_from_the_top_left():
    printed = PageImage(width_points=600.0, height_points=800.0, page_index=1)
    # 60 pt from the left, 200 pt up from the bottom, 300 × 400 pt: its top is 200 pt from the top
    assert printed.zone([60.0, 200.0, 360.0, 600.0]) == {"left": 10.0, "top": 25.0, "width": 50.0, "height": 50.0}
    # a box running off the page is clipped to it
    assert printed.zone([-10.0, -10.0, 700.0, 900.0]) == {"left": 0.0, "top": 0.0, "width": 100.0, "height": 100.0}


def test_zones_are_for_regions_on_the_pictures_pdf_page_only():
    printed = PageImage(width_points=100.0, height_points=100.0, page_index=2)
    on_page = Article(regions=[{"page_index": 2, "bbox": [0, 0, 50, 50]}])
    elsewhere = Article(regions=[{"page_index": 1, "bbox": [0, 0, 50, 50]}])
    unplaced = Article(regions=[])
    assert printed.hot_zones([on_page, elsewhere, unplaced]) == [
        (on_page, [{"left": 0.0, "top": 50.0, "width": 50.0, "height": 50.0}])]


@pytest.mark.django_db
def test_the_page_view_shows_the_printed_page_with_a_zone_per_article(client):
    pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf", status="published")
    page = Page.objects.get()
    response = client.get(reverse("site:page", kwargs={"date": "1998-01-03", "number": 3}))
    html = response.content.decode()
    assert response.status_code == 200 and page.printed.file.url in html
    zones = ZONE.findall(html)
    linked = {href for href, *_ in zones}
    assert linked == {article.get_absolute_url() for article in page.articles.all()}
    for _href, *box in zones:
        left, top, width, height = map(float, box)
        assert 0 <= left < 100 and 0 <= top < 100 and 0 < width <= 100 - left + 0.01 and 0 < height <= 100.01 - top


@pytest.mark.django_db
def test_unpublished_articles_get_no_zone_and_text_pages_no_printed_page(client, seed_page):
    pdf_import(data=SAMPLE.read_bytes(), source_file="sample_page.pdf", status="published")
    page = Page.objects.get(printed__isnull=False)
    hidden = page.articles.order_by("order").first()
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.DRAFT)
    html = client.get(reverse("site:page", kwargs={"date": "1998-01-03", "number": 3})).content.decode()
    assert hidden.get_absolute_url() not in {href for href, *_ in ZONE.findall(html)}
    issue_html = client.get(reverse("site:issue", kwargs={"date": "1998-01-03"})).content.decode()
    assert "printed-page--compact" in issue_html and ZONE.search(issue_html)
    seed_html = client.get(seed_page.get_absolute_url()).content.decode()
    assert "hot-zone" not in seed_html
