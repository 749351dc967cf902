from django.urls import path

from apps.assessments.views import assessments, children, taxonomy, vulnerabilities

app_name = "assessments"
urlpatterns = [
    path("cases/<int:pk>/assessment/", assessments.case_assessment, name="case_assessment"),
    path("cases/<int:pk>/assessment/new/", assessments.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("cases/<int:pk>/vulnerabilities/", vulnerabilities.case_vulnerabilities, name="case_vulnerabilities"),
    path("cases/<int:pk>/vulnerabilities/new/", vulnerabilities.vulnerability_create,
         name="vulnerability_create"),
    path("vulnerabilities/<int:pk>/edit/", vulnerabilities.vulnerability_edit, name="vulnerability_edit"),
    path("vulnerabilities/<int:pk>/close/", vulnerabilities.vulnerability_close, name="vulnerability_close"),
    path("cases/<int:pk>/children/", children.case_children, name="case_children"),
    path("cases/<int:pk>/children/new/", children.participation_create, name="participation_create"),
    path("child-participation/<int:pk>/edit/", children.participation_edit, name="participation_edit"),
    path("taxonomy/", taxonomy.taxonomy, name="taxonomy"),
    path("taxonomy/assessment-sections/new/", taxonomy.section_edit, name="section_create"),
    path("taxonomy/assessment-sections/<int:pk>/edit/", taxonomy.section_edit, name="section_edit"),
    path("taxonomy/assessment-questions/new/", taxonomy.question_edit, name="question_create"),
    path("taxonomy/assessment-questions/<int:pk>/edit/", taxonomy.question_edit, name="question_edit"),
    path("taxonomy/assessment-questions/<int:pk>/delete/", taxonomy.question_delete, name="question_delete"),
    path("taxonomy/vulnerability-types/new/", taxonomy.vulnerability_type_edit, name="vulnerability_type_create"),
    path("taxonomy/vulnerability-types/<int:pk>/edit/", taxonomy.vulnerability_type_edit,
         name="vulnerability_type_edit"),
]
