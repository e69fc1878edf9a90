from django import forms


class PoolFilterForm(forms.Form):
    name = forms.CharField(
        label="Name or ID contains",
        required=False,
        max_length=128,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    size = forms.TypedChoiceField(
        label="Per page",
        required=False,
        coerce=int,
        empty_value=20,
        choices=[(n, n) for n in (10, 20, 40, 60)],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
