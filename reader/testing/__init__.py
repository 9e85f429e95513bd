"""The QA kit: a pytest plugin with the toolbar's page object and accessibility checks."""
