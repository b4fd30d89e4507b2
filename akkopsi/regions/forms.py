from django import forms

from akkopsi.regions.models import Population


class PopulationForm(forms.ModelForm):
    class Meta:
        model = Population
        fields = ["year", "population", "source"]
