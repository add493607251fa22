"""Account forms: they check shape; services check policy."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from deliberation.forms import NotBlank, password_rules

EMAIL_RULES = [NotBlank(_l("Enter your email address.")),
               Email(message=_l("Enter an email address like name@example.org."),
                     check_deliverability=False),
               Length(max=254)]


class RegisterForm(FlaskForm):
    display_name = StringField(_l("Display name"), [
        NotBlank(_l("Enter the name others will see.")),
        Length(min=2, max=80, message=_l("Use between 2 and 80 characters."))],
        description=_l("Shown next to what you write. It need not be your full name."))
    email = EmailField(_l("Email"), EMAIL_RULES)
    password = PasswordField(_l("Password"), password_rules(),
                             description=_l("At least 10 characters."))
    confirm = PasswordField(_l("Repeat password"), [EqualTo("password", _l("The passwords do not match."))])
    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int,
                                validate_choice=False)
    census_reference = StringField(_l("Census reference (optional)"), [Optional(), Length(max=64)],
                                   description=_l("The code on your council letter, if you have one. It speeds up verification."))
    submit = SubmitField(_l("Create account"))


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), EMAIL_RULES)
    password = PasswordField(_l("Password"), [NotBlank(_l("Enter your password."))])
    remember = BooleanField(_l("Remember me on this device"))
    submit = SubmitField(_l("Log in"))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"), [
        NotBlank(_l("Enter the name others will see.")),
        Length(min=2, max=80, message=_l("Use between 2 and 80 characters."))])
    census_reference = StringField(_l("Census reference (optional)"), [Optional(), Length(max=64)])
    submit = SubmitField(_l("Save profile"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), [NotBlank(_l("Enter your current password."))])
    password = PasswordField(_l("New password"), password_rules())
    confirm = PasswordField(_l("Repeat new password"),
                            [EqualTo("password", _l("The passwords do not match."))])
    submit = SubmitField(_l("Change password"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), EMAIL_RULES)
    submit = SubmitField(_l("Send reset link"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), password_rules())
    confirm = PasswordField(_l("Repeat new password"),
                            [EqualTo("password", _l("The passwords do not match."))])
    submit = SubmitField(_l("Set new password"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Password"), [NotBlank(_l("Enter your password to confirm."))])
    confirm = BooleanField(_l("I understand my account cannot be restored"),
                           [DataRequired(_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Delete my account"))
