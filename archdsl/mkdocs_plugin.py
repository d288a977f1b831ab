"""An MkDocs plugin: draw every diagram fence of the site's pages at build time, sharing `archdsl render`'s cache.

Enable it in ``mkdocs.yml`` with ``plugins: [archdsl]``. Images go where ``archdsl render`` puts them
(``diagrams/`` beside each page) with the same names and the same manifest, so a diagram drawn by
either is not drawn again by the other. The page sources are never rewritten: the image links are added
to the Markdown that MkDocs builds from.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as option
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from archdsl.diagnostics import Severity
from archdsl.files import WriteError, locked, refuse_outside
from archdsl.loader import Document, load_source
from archdsl.notes import (
    DEFAULT_ASSETS,
    MANIFEST,
    Manifest,
    NotesError,
    check_assets_dir,
    distinct_notes,
    draw_stale,
    embedded,
    plan,
    read_note,
)
from archdsl.project import project_of
from archdsl.sources import SourceText, is_markdown
from archdsl.targets import RenderRequest, RenderTargetError, draw_many

log = get_plugin_logger(__name__)


class ArchdslPluginConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs leaves it untyped
    """The plugin's options in ``mkdocs.yml``; they mean what the same `archdsl render` options mean."""

    assets_dir = option.Type(str, default=DEFAULT_ASSETS)
    theme = option.Choice(("light", "dark"), default="light")
    scale = option.Type(float, default=1.0)
    engine = option.Choice(("auto", "system", "embedded"), default="auto")
    jobs = option.Type(int, default=1)
    fold_source = option.Optional(option.Type(bool))


class ArchdslPlugin(BasePlugin[ArchdslPluginConfig]):  # type: ignore[no-untyped-call]  # mkdocs leaves it untyped
    """Draws stale diagrams when MkDocs collects the files, and links them into each page's Markdown."""

    def _options(self) -> tuple[str, ...]:
        return (self.config.theme, str(self.config.scale), self.config.engine)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            check_assets_dir(self.config.assets_dir)
        except NotesError as error:
            raise PluginError(f"archdsl: assets_dir: {error}") from None
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        documents = [self._load(page) for page in files.documentation_pages() if is_markdown(page.src_path)]
        documents = [document for document in documents if document.diagrams or document.diagnostics]
        for document in documents:
            for found in document.diagnostics:
                if found.severity is Severity.ERROR:
                    shown = _shown(found.path, config)
                    log.warning(f"{shown}:{found.span.line}:{found.span.column}: {found.code} {found.message}")
        try:
            with locked(Path(document.path).parent for document in documents):
                manifests = self._draw(distinct_notes(documents), files, config)
        except (WriteError, NotesError, RenderTargetError) as error:
            raise PluginError(f"archdsl: {error}") from None
        for folder in manifests:
            collected = files.get_file_from_path((folder / MANIFEST).relative_to(config.docs_dir).as_posix())
            if collected is not None:
                files.remove(collected)
        return files

    def _draw(self, documents: list[Document], files: Files, config: MkDocsConfig) -> dict[Path, Manifest]:
        """Draw what is stale, add new images to the site's files, record them; returns the manifests to save.

        A fence that cannot be drawn is a warning at its position; the other fences are drawn all the same.
        """
        request = RenderRequest(None, None, self.config.engine, self.config.theme, self.config.scale)
        jobs = self.config.jobs if self.config.jobs > 0 else (os.cpu_count() or 1)
        manifests: dict[Path, Manifest] = {}
        plans = []
        for document in documents:
            folder = Path(document.path).parent / self.config.assets_dir
            for path in (folder, folder / MANIFEST):
                refuse_outside(path, project_of(Path(document.path)))
            manifest = manifests.setdefault(folder, Manifest.load(folder))
            plans.append(plan(document, document.text, self.config.assets_dir, self._options(), manifest))
        drawn = draw_stale(plans, draw_many(request, ["svg", "png"], jobs))
        for found in drawn.failures:
            log.warning(
                f"{_shown(found.path, config)}:{found.span.line}:{found.span.column}: {found.code} {found.message}"
            )
        for notice in (item.notice for planned in plans for item in planned if item.notice):
            log.info(notice)
        for path in drawn.written:
            log.info(f"drew {Path(path).relative_to(config.docs_dir).as_posix()}")
        for document, planned in zip(documents, drawn.plans, strict=True):
            note = Path(document.path)
            # Nothing is deleted while MkDocs builds: the files were already collected. `archdsl render` cleans.
            manifests[note.parent / self.config.assets_dir].record(note.name, planned, clean=False)
            for image in (path for item in planned if item.drawable for path in item.images):
                source = image.relative_to(config.docs_dir).as_posix()
                if files.get_file_from_path(source) is None and image.exists():
                    files.append(File(source, config.docs_dir, config.site_dir, config.use_directory_urls))
        for manifest in manifests.values():
            manifest.save()
        return manifests

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        path = page.file.abs_src_path
        if path is None or not is_markdown(path):
            return markdown
        document = load_source(SourceText(path, markdown), markdown=True)
        if not document.diagrams:
            return markdown
        planned = plan(document, markdown, self.config.assets_dir, self._options(), fold=self.config.fold_source)
        # A fence that could not be drawn links no image that is not there.
        undrawn = [item.diagram.source.start_line for item in planned if not item.images_exist]
        return embedded(document, markdown, planned, undrawn).text

    def _load(self, page: File) -> Document:
        path = page.abs_src_path
        assert path is not None  # a documentation page collected from docs_dir has a source file
        try:
            text = read_note(path)
        except NotesError as error:
            raise PluginError(f"archdsl: {error}") from None
        return load_source(SourceText(path, text), markdown=True)


def _shown(path: str, config: MkDocsConfig) -> str:
    """A page's path as the user names it: relative to the folder of ``mkdocs.yml``."""
    root = Path(config.config_file_path or config.docs_dir).resolve().parent
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return path
