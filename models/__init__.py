"""Every model module, imported so the metadata (and Alembic) sees all tables."""
from models.base import db, utcnow  # noqa: F401
from models.neighbourhoods import MoveRequest, MoveStatus, Neighbourhood  # noqa: F401
from models.accounts import Role, RoleGrant, User, VerificationMethod  # noqa: F401
from models.verification import CensusEntry  # noqa: F401
from models.audit import AuditEntry  # noqa: F401
from models.moderation import Flag, FlagReason, Mute, Notification  # noqa: F401
from models.threads import Comment, Reaction, ReactionKind, Thread, ThreadEvent  # noqa: F401
from models.debates import Announcement, Debate, DebateStatus, HandRaise  # noqa: F401
from models.budgeting import (  # noqa: F401
    Ballot, BallotChoice, BallotKind, Channel, Participation, Phase, Process, ProcessResult,
    Proposal, ProposalStatus, TallyRule,
)
from models.outcomes import (  # noqa: F401
    DeliveryStatus, Delivery, LocalService, Milestone, Outcome, OutcomeDecision, ProgressUpdate,
    ProjectRating, RatingEvent, ServiceRating, Volunteer,
)
from models.surveys import QuestionKind, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, SurveyStatus  # noqa: F401,E501
from models.follows import Follow, NotificationSetting  # noqa: F401
from models.translations import ContentKind, ContentTranslation, TranslationStatus  # noqa: F401
from models.opinions import (  # noqa: F401
    Conversation, ConversationStatus, MapSnapshot, Statement, StatementVote,
)
