"""Login form."""

from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from advocacy.forms import Form


class LoginForm(Form):
    email = EmailField("E-postadresse", validators=[DataRequired("Skriv e-postadressen din.")],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Passord", validators=[DataRequired("Skriv passordet ditt.")],
                             render_kw={"autocomplete": "current-password"})
