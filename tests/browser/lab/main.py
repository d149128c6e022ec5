"""Serves the JupyterLab front end built from npm (build/) with Debian's
jupyterlab_server, for the browser test."""

import os
import sys

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.extension.handler import ExtensionHandlerJinjaMixin, ExtensionHandlerMixin
from jupyter_server.utils import url_path_join as ujoin
from jupyterlab_server import LabServerApp
from tornado.websocket import WebSocketHandler

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ["JUPYTER_NO_CONFIG"] = "1"


class LabPage(ExtensionHandlerJinjaMixin, ExtensionHandlerMixin, JupyterHandler):
    def get(self, *args):
        config = {
            "appName": "gothreads lab test",
            "appVersion": "4.6.3",
            "baseUrl": self.base_url,
            "token": self.settings["token"],
            "fullStaticUrl": ujoin(self.base_url, "static", self.name),
            "frontendUrl": ujoin(self.base_url, "lab/"),
            "fullAppUrl": ujoin(self.base_url, "lab"),
            "fullSettingsUrl": ujoin(self.base_url, "lab/api/settings"),
            "fullThemesUrl": ujoin(self.base_url, "lab/api/themes"),
            "fullTranslationsApiUrl": ujoin(self.base_url, "lab/api/translations"),
            "fullLabextensionsUrl": ujoin(self.base_url, "lab/extensions"),
            "fullListingsUrl": ujoin(self.base_url, "lab/api/listings"),
            "fullWorkspacesApiUrl": ujoin(self.base_url, "lab/api/workspaces"),
            "appUrl": "/lab",
            "settingsUrl": "/lab/api/settings",
            "themesUrl": "/lab/api/themes",
            "translationsApiUrl": "/lab/api/translations",
            "listingsUrl": "/lab/api/listings",
            "workspacesApiUrl": "/lab/api/workspaces",
            "labextensionsUrl": "/lab/extensions",
            "treeUrl": "/lab/tree",
            "treePath": "",
            "workspace": "default",
            "mode": "multiple-document",
        }
        self.write(self.render_template("index.html", page_config=config))


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": GothreadsLab}]


class MeHandler(JupyterHandler):
    """Stands in for jupyter_server 2's /api/me, which JupyterLab 4 asks for."""

    def get(self):
        self.finish({
            "identity": {"username": "learner", "name": "Learner", "display_name": "Learner",
                         "initials": "L", "avatar_url": None, "color": None},
            "permissions": {},
        })


class EventsHandler(WebSocketHandler):
    """Stands in for jupyter_server 2's event stream: accepts and stays quiet."""

    def check_origin(self, origin):
        return True


class GothreadsLab(LabServerApp):
    name = __name__
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    app_name = "gothreads lab test"
    app_version = "4.6.3"
    static_dir = os.path.join(HERE, "..", "build", "lab")
    templates_dir = os.path.join(HERE, "templates")
    schemas_dir = os.path.join(HERE, "..", "build", "lab", "schemas")
    themes_dir = os.path.join(HERE, "..", "build", "lab", "themes")

    def initialize_handlers(self):
        self.handlers.append(("/lab/?", LabPage))
        self.handlers.append(("/lab/tree(/.*)?", LabPage))
        self.handlers.append(("/api/me", MeHandler))
        self.handlers.append(("/api/events/subscribe", EventsHandler))
        super().initialize_handlers()


if __name__ == "__main__":
    GothreadsLab.launch_instance()
