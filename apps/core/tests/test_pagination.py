from apps.cases.models import Topic
from apps.core.pagination import CappedPaginator


def test_counts_up_to_the_cap_and_says_when_there_are_more(db):
    topics = Topic.objects.order_by("pk")  # twelve rows from the data migration
    small = CappedPaginator(topics, 5, cap=20)
    assert small.count == topics.count() and not small.capped
    capped = CappedPaginator(topics, 5, cap=3)
    assert capped.count == 4 and capped.capped
    assert len(capped.page(1).object_list) == 4
