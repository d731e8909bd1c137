"""The shipped catalogue of services (loaded by a data migration; edited in the admin)."""

SERVICES = [
    # (code, kind, name, consent required)
    ("psychological_care", "psychological", "Psychological and trauma care", True),
    ("art_play_therapy", "art_play_therapy", "Art and play therapy", True),
    ("psychiatric_care", "psychiatric", "Psychiatric care", True),
    ("religious_counselling", "religious_counselling", "Religious counselling by approved imams and female preachers", True),
    ("vocational_course", "vocational", "Vocational course", True),
    ("parenting_classes", "parenting", "Parenting classes", True),
    ("catch_up_classes", "catch_up", "Catch-up classes", True),
    ("legal_aid", "legal_aid", "Legal aid and identity documents", True),
    ("housing_support", "housing", "Housing support", True),
    ("employment_support", "employment", "Employment support", True),
    ("mentoring", "mentoring", "Mentoring by former returnees", True),
    # Anyone may call; nothing about the person is passed on without them.
    ("helpline", "helpline", "24/7 helpline", False),
]


def services_load(*, service_model) -> int:
    """Create the shipped services that do not exist yet (an edited one is kept)."""
    made = 0
    for code, kind, name, consent in SERVICES:
        _obj, created = service_model.objects.get_or_create(
            code=code, defaults={"kind": kind, "name": name, "consent_required": consent})
        made += created
    return made
