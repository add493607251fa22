"""Account forms: they check shape; services check policy."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from deliberation.forms import NotBlank, password_rules

EMAIL_RULES = [NotBlank("Enter your email address."),
               Email(message="Enter an email address like name@example.org.",
                     check_deliverability=False),
               Length(max=254)]


class RegisterForm(FlaskForm):
    display_name = StringField("Display name", [
        NotBlank("Enter the name others will see."),
        Length(min=2, max=80, message="Use between 2 and 80 characters.")],
        description="Shown next to what you write. It need not be your full name.")
    email = EmailField("Email", EMAIL_RULES)
    password = PasswordField("Password", password_rules(),
                             description="At least 10 characters.")
    confirm = PasswordField("Repeat password", [EqualTo("password", "The passwords do not match.")])
    neighbourhood = SelectField("Neighbourhood", coerce=int,
                                validate_choice=False)
    census_reference = StringField("Census reference (optional)", [Optional(), Length(max=64)],
                                   description="The code on your council letter, if you have "
                                               "one. It speeds up verification.")
    submit = SubmitField("Create account")


class LoginForm(FlaskForm):
    email = EmailField("Email", EMAIL_RULES)
    password = PasswordField("Password", [NotBlank("Enter your password.")])
    remember = BooleanField("Remember me on this device")
    submit = SubmitField("Log in")


class ProfileForm(FlaskForm):
    display_name = StringField("Display name", [
        NotBlank("Enter the name others will see."),
        Length(min=2, max=80, message="Use between 2 and 80 characters.")])
    census_reference = StringField("Census reference (optional)", [Optional(), Length(max=64)])
    submit = SubmitField("Save profile")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("Current password", [NotBlank("Enter your current password.")])
    password = PasswordField("New password", password_rules())
    confirm = PasswordField("Repeat new password",
                            [EqualTo("password", "The passwords do not match.")])
    submit = SubmitField("Change password")


class ForgotPasswordForm(FlaskForm):
    email = EmailField("Email", EMAIL_RULES)
    submit = SubmitField("Send reset link")


class ResetPasswordForm(FlaskForm):
    password = PasswordField("New password", password_rules())
    confirm = PasswordField("Repeat new password",
                            [EqualTo("password", "The passwords do not match.")])
    submit = SubmitField("Set new password")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Password", [NotBlank("Enter your password to confirm.")])
    confirm = BooleanField("I understand my account cannot be restored",
                           [DataRequired("Tick the box to confirm.")])
    submit = SubmitField("Delete my account")
