"""The editor ("vastleggen", product brief §5, issue 6): record a PZP conversation.

The one entry point is :func:`open_editor` (see :mod:`pzp_desktop.gui.editor.controller`);
:func:`find_pending_draft` tells whether opening it would offer an unsaved draft. The main
window reaches both through :class:`pzp_desktop.gui.editor_launcher.EditorLauncher`.
Everything else in this package is the editor's own screens: the window
(:mod:`.editor_window`), the conversation (:mod:`.conversation_form`), the form's sections
(:mod:`.section_widgets`), change markers (:mod:`.change_markers`), findings
(:mod:`.warnings_panel`), the double-registration warnings (:mod:`.double_registration_dialog`)
and the offer of an unsaved draft (:mod:`.recovery_dialog`).
"""

from pzp_desktop.gui.editor.controller import (
    EditorController,
    EditorSession,
    editor_settings,
    find_pending_draft,
    open_editor,
)

__all__ = [
    "EditorController",
    "EditorSession",
    "editor_settings",
    "find_pending_draft",
    "open_editor",
]
