from champions.models.choices import (
    AVAILABILITY_CHOICES,
    ApplicationStatus,
    ChampionStatus,
    HelpTopic,
    Signpost,
    Skill,
    State,
)
from champions.models.pages import CampaignPage
from champions.models.people import (
    DBS_CLEARED,
    Application,
    Champion,
    DBSAccess,
    DBSAccessLog,
    DBSCheck,
    DBSDecision,
    LifecycleEvent,
)
from champions.models.policies import PolicyKind, PolicyVersion
from champions.models.records import ExportLog, GroupEmail
from champions.models.sessions import Frequency, HelpLog, HelpSession
from champions.models.training import ChampionType, Course, DBSLevel, Evidence, Module, TrainingCompletion

__all__ = [
    "AVAILABILITY_CHOICES",
    "DBS_CLEARED",
    "Application",
    "ApplicationStatus",
    "CampaignPage",
    "Champion",
    "ChampionStatus",
    "ChampionType",
    "Course",
    "DBSAccess",
    "DBSAccessLog",
    "DBSCheck",
    "DBSDecision",
    "DBSLevel",
    "Evidence",
    "ExportLog",
    "Frequency",
    "GroupEmail",
    "HelpLog",
    "HelpSession",
    "HelpTopic",
    "LifecycleEvent",
    "Module",
    "PolicyKind",
    "PolicyVersion",
    "Signpost",
    "Skill",
    "State",
    "TrainingCompletion",
]
