"""Catchball in the app (DESIGN §4): the panel of a node's threads, the inbox, badges, throw.

Submodules are imported where they are used: the X-matrix, strategy tree and board only
need :mod:`views.catchball.badge` and :mod:`views.catchball.context`, not the panel.
"""
