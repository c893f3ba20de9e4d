//! Loading off the UI thread: each request (files or a project) runs on its own thread that
//! reads and indexes the layers, makes their coarse map levels, and sends them back one by one
//! over a channel. The UI polls every frame; a broken file becomes one error message and the
//! rest goes on. Each layer that arrives gets a background job of its own that builds its finer
//! map levels ([`LayerMesh::refine`]) while the map is already drawn; the jobs report a stage
//! and a share done for the loading row.
//!
//! Not for reading files (the engine's `io` does that) or for keeping layers (see `app`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use crate::error::ZoneError;
use crate::index::IndexedLayer;
use crate::model::Layer;
use crate::model::project::{LayerSpec, Project};
use crate::requirements::AccessList;
use crate::ui::map::mesh::LayerMesh;
use crate::ui::style::{LayerStyle, StyleChoice};
use crate::workspace::open::{
    OpenEvent, OpenOptions, OpenPlan, PlannedLayer, open_stream, read_planned,
};

/// A layer ready for the map: indexed for queries, tessellated and styled for drawing.
#[derive(Clone)]
pub struct ReadyLayer {
    pub indexed: Arc<IndexedLayer>,
    pub mesh: Arc<LayerMesh>,
    pub style: Arc<LayerStyle>,
    /// Whether the project asks for it to be shown at start.
    pub visible: bool,
    /// The project's opacity, if it states one.
    pub opacity: Option<f32>,
    /// Where it was read from (absolute path) and what was stated about it (encoding, CRS, role,
    /// fields): enough to read it again with other statements, or to save it in a project file.
    pub spec: LayerSpec,
    /// The look the user or project chose over the role's defaults.
    pub choice: StyleChoice,
}

impl ReadyLayer {
    /// Indexes, styles and makes the coarse map levels of `layer` (the slow part, so it runs on
    /// the loader thread); the finer levels are built when the loader takes it in.
    pub fn prepare(layer: Layer) -> ReadyLayer {
        // Absolute, so reading it again or saving a project does not depend on the folder the
        // app was started from.
        let spec = LayerSpec::for_path(absolute(&layer.path));
        ReadyLayer::prepare_with(layer, spec, StyleChoice::default())
    }

    /// As `prepare_with` for a new reading of `previous`: when the geometry is unchanged only
    /// the attributes differ, so the index and meshes (seconds of tessellation for a province)
    /// are shared instead of rebuilt.
    pub fn prepare_again(
        layer: Layer,
        spec: LayerSpec,
        choice: StyleChoice,
        previous: &ReadyLayer,
    ) -> ReadyLayer {
        let old = &previous.indexed.layer.features;
        let same_geometry = old.len() == layer.features.len()
            && old
                .iter()
                .zip(&layer.features)
                .all(|(a, b)| a.geometry == b.geometry);
        if !same_geometry {
            return ReadyLayer::prepare_with(layer, spec, choice);
        }
        let indexed = Arc::new(IndexedLayer {
            layer,
            index: previous.indexed.index.clone(),
        });
        // The levels are shared; the full-detail one reads the new reading's geometry, so the
        // old reading is not kept alive by the mesh.
        let mesh = Arc::new(previous.mesh.with_source(indexed.clone()));
        ReadyLayer::assemble(indexed, mesh, spec, choice)
    }

    /// As `prepare`, remembering how the layer was stated and styled.
    pub fn prepare_with(layer: Layer, spec: LayerSpec, choice: StyleChoice) -> ReadyLayer {
        ReadyLayer::from_indexed(Arc::new(IndexedLayer::new(layer)), spec, choice)
    }

    /// A layer the engine's workspace opening has read and indexed: styled, with its coarse map
    /// levels (the geometry is shared with the index, not copied).
    pub fn from_indexed(
        indexed: Arc<IndexedLayer>,
        spec: LayerSpec,
        choice: StyleChoice,
    ) -> ReadyLayer {
        let mesh = Arc::new(LayerMesh::new(indexed.clone()));
        ReadyLayer::assemble(indexed, mesh, spec, choice)
    }

    /// A visible layer from its parts, styled by `choice`.
    fn assemble(
        indexed: Arc<IndexedLayer>,
        mesh: Arc<LayerMesh>,
        spec: LayerSpec,
        choice: StyleChoice,
    ) -> ReadyLayer {
        let style = LayerStyle::build(&indexed.layer, &choice);
        ReadyLayer {
            indexed,
            mesh,
            style: Arc::new(style),
            visible: true,
            opacity: None,
            spec,
            choice,
        }
    }
}

/// What a loader thread reports.
pub enum LoadEvent {
    /// Progress of the job on `path`: what it is doing and the share of the job done (0…1),
    /// for the loading row. (Named for its first use, reading a file.)
    Reading {
        job: u64,
        path: PathBuf,
        stage: LoadStage,
        done: f32,
    },
    /// A project file was read: its name, where it is, and its requirement tables (absolute
    /// paths), so the app can show the name and save the project again.
    Project {
        job: u64,
        name: String,
        file: PathBuf,
        requirements: Vec<PathBuf>,
        /// The project's statements (zoning version, dimensions not applicable, verdict rules).
        statements: Box<Project>,
    },
    /// One layer is ready; `replaces` names the loaded layer it is a new reading of.
    Layer {
        job: u64,
        layer: Box<ReadyLayer>,
        replaces: Option<u64>,
    },
    /// A project's access-list tables (layered requirements, industry rules) are read.
    AccessList { job: u64, access: Box<AccessList> },
    /// `path` could not be read; `message` says why, naming the file; `kind` what sort of
    /// problem it is. `needs_crs`: a plain layer file that failed for want of a (right) CRS, so
    /// reading it again with one stated may work.
    Failed {
        job: u64,
        path: PathBuf,
        message: String,
        kind: FailureKind,
        needs_crs: bool,
        /// What the user can do about it (see `ui::fix_text`).
        fix: Option<crate::error::Fix>,
    },
    /// The job is over.
    Done { job: u64 },
}

impl LoadEvent {
    /// The job that sent it.
    pub fn job(&self) -> u64 {
        match self {
            LoadEvent::Reading { job, .. }
            | LoadEvent::Project { job, .. }
            | LoadEvent::Layer { job, .. }
            | LoadEvent::AccessList { job, .. }
            | LoadEvent::Failed { job, .. }
            | LoadEvent::Done { job } => *job,
        }
    }
}

/// What sort of problem stopped a load, so the window can say it in the user's language before
/// the engine's detailed (English) message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The file could not be opened or read (missing, no permission, in use).
    Unreadable,
    /// Its content is not what the format requires (broken, truncated, not that format).
    BadContent,
    /// Its coordinate system is unknown or does not fit the coordinates.
    Crs,
    /// Something stated (an encoding, a CRS, a field name) is invalid.
    Input,
    /// Anything else (the machine could not start a thread).
    Other,
}

impl FailureKind {
    /// The kind of an engine error.
    pub fn of(e: &ZoneError) -> FailureKind {
        match e {
            ZoneError::Io { .. } => FailureKind::Unreadable,
            ZoneError::Format { .. } => FailureKind::BadContent,
            ZoneError::Crs { .. } => FailureKind::Crs,
            ZoneError::Input(_) => FailureKind::Input,
        }
    }
}

/// What a job is doing, for the loading row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStage {
    /// Reading a file and indexing its layers.
    Reading,
    /// Making a layer's coarse map levels (the first picture).
    Drawing,
    /// Building a shown layer's finer map levels in the background.
    Refining,
}

impl LoadStage {
    /// The stage in the interface language.
    pub fn text(self, lang: crate::ui::i18n::Lang) -> &'static str {
        use crate::ui::i18n::{Key, tr};
        tr(
            lang,
            match self {
                LoadStage::Reading => Key::LoadReading,
                LoadStage::Drawing => Key::LoadDrawing,
                LoadStage::Refining => Key::LoadRefining,
            },
        )
    }
}

/// A running job, for the progress display.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: u64,
    /// What is being read now.
    pub current: PathBuf,
    pub started: Instant,
    /// What it is doing now.
    pub stage: LoadStage,
    /// Share of the job done, 0…1.
    pub done: f32,
    /// A background refinement of a layer already shown: not waited for before fitting the
    /// view or by [`Loader::busy`].
    pub background: bool,
    /// Set to ask the thread to stop; what it sends afterwards is dropped.
    cancel: Arc<AtomicBool>,
}

impl Job {
    /// The loading row's text: stage, file, percentage and seconds so far.
    pub fn status_text(&self, lang: crate::ui::i18n::Lang) -> String {
        let file = self
            .current
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        format!(
            "{}… {file} {:.0}% ({:.0} s)",
            self.stage.text(lang),
            self.done.clamp(0.0, 1.0) * 100.0,
            self.started.elapsed().as_secs_f32()
        )
    }
}

/// Starts loader threads and collects their events.
pub struct Loader {
    tx: Sender<LoadEvent>,
    rx: Receiver<LoadEvent>,
    next_job: u64,
    /// Jobs not yet done.
    pub jobs: Vec<Job>,
    /// Jobs the user cancelled; their late events are dropped.
    cancelled: Vec<u64>,
    repaint: Option<egui::Context>,
}

impl Default for Loader {
    fn default() -> Self {
        let (tx, rx) = channel();
        Loader {
            tx,
            rx,
            next_job: 1,
            jobs: Vec::new(),
            cancelled: Vec::new(),
            repaint: None,
        }
    }
}

impl Loader {
    /// Lets loader threads wake the UI when they have something.
    pub fn set_repaint_context(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
    }

    /// Starts loading `paths` (layers or project files) on a new thread; returns the job id.
    pub fn spawn(&mut self, paths: Vec<PathBuf>) -> u64 {
        let first = paths.first().cloned().unwrap_or_default();
        self.spawn_work(first, false, move |job, send| {
            let count = paths.len();
            for (i, path) in paths.iter().enumerate() {
                let share = Share {
                    start: i as f32 / count as f32,
                    width: 1.0 / count as f32,
                };
                if !load_one(job, path, share, send) {
                    break;
                }
            }
        })
    }

    /// Starts building the finer map levels of a layer just taken in, in the background.
    fn spawn_refine(&mut self, mesh: Arc<LayerMesh>, path: PathBuf) -> u64 {
        let file = path.clone();
        self.spawn_work(path, true, move |job, send| {
            let stopped = std::cell::Cell::new(false);
            let mut report = |done: f32| {
                if !send(LoadEvent::Reading {
                    job,
                    path: file.clone(),
                    stage: LoadStage::Refining,
                    done,
                }) {
                    stopped.set(true);
                }
            };
            report(0.0);
            mesh.refine(&|| stopped.get(), &mut report);
        })
    }

    /// Starts reading loaded layer `id` again with other statements (`reload.spec`: encoding,
    /// CRS, role, fields); the result replaces it. Returns the job id.
    pub fn spawn_reload(&mut self, id: u64, reload: Reload) -> u64 {
        let path = reload.spec.path.clone();
        self.spawn_work(path, false, move |job, send| {
            reload_one(job, id, &reload, send);
        })
    }

    /// Starts reading the layer file `path` with the CRS `crs` stated (it failed without one).
    pub fn spawn_with_crs(&mut self, path: PathBuf, crs: String) -> u64 {
        let path = absolute(&path);
        let mut spec = LayerSpec::for_path(path.clone());
        spec.crs = Some(crs);
        self.spawn_work(path, false, move |job, send| {
            stream_plan(job, &OpenPlan::single(spec), Share::WHOLE, send);
        })
    }

    /// Runs `work` on a new loader thread with a `send` that stops once the job is cancelled.
    fn spawn_work(
        &mut self,
        first: PathBuf,
        background: bool,
        work: impl FnOnce(u64, &dyn Fn(LoadEvent) -> bool) + Send + 'static,
    ) -> u64 {
        let job = self.next_job;
        self.next_job += 1;
        let cancel = Arc::new(AtomicBool::new(false));
        self.jobs.push(Job {
            id: job,
            current: first,
            started: Instant::now(),
            stage: if background {
                LoadStage::Refining
            } else {
                LoadStage::Reading
            },
            done: 0.0,
            background,
            cancel: cancel.clone(),
        });
        let tx = self.tx.clone();
        let repaint = self.repaint.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("zonecheck-load-{job}"))
            .spawn(move || {
                // Sends an event; false once the job is cancelled, so the loops stop early.
                let send = |e: LoadEvent| {
                    if cancel.load(Ordering::Relaxed) {
                        return false;
                    }
                    let _ = tx.send(e);
                    if let Some(ctx) = &repaint {
                        ctx.request_repaint();
                    }
                    true
                };
                work(job, &send);
                let _ = send(LoadEvent::Done { job });
            });
        if let Err(e) = spawned {
            let _ = self.tx.send(LoadEvent::Failed {
                job,
                path: PathBuf::new(),
                message: format!("cannot start a loader thread: {e}"),
                kind: FailureKind::Other,
                needs_crs: false,
                fix: None,
            });
            let _ = self.tx.send(LoadEvent::Done { job });
        }
        job
    }

    /// Stops job `job`: the thread ends after the file it is reading, and nothing more of the
    /// job reaches the app (what already arrived stays).
    pub fn cancel(&mut self, job: u64) {
        if let Some(j) = self.jobs.iter().find(|j| j.id == job) {
            j.cancel.store(true, Ordering::Relaxed);
        }
        self.jobs.retain(|j| j.id != job);
        self.cancelled.push(job);
    }

    /// Events that arrived since the last call; keeps `jobs` up to date.
    pub fn poll(&mut self) -> Vec<LoadEvent> {
        let events: Vec<LoadEvent> = self
            .rx
            .try_iter()
            .filter(|e| !self.cancelled.contains(&e.job()))
            .collect();
        self.note(&events);
        events
    }

    /// Waits up to `timeout` for the next event (for tests and headless use).
    pub fn wait_event(&mut self, timeout: Duration) -> Option<LoadEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let e = self.rx.recv_timeout(left).ok()?;
            if !self.cancelled.contains(&e.job()) {
                self.note(std::slice::from_ref(&e));
                return Some(e);
            }
        }
    }

    fn note(&mut self, events: &[LoadEvent]) {
        for e in events {
            match e {
                LoadEvent::Reading {
                    job,
                    path,
                    stage,
                    done,
                } => {
                    if let Some(j) = self.jobs.iter_mut().find(|j| j.id == *job) {
                        j.current = path.clone();
                        j.stage = *stage;
                        j.done = *done;
                    }
                }
                LoadEvent::Layer { layer, .. } if layer.mesh.needs_refining() => {
                    let path = layer.indexed.layer.path.clone();
                    self.spawn_refine(layer.mesh.clone(), path);
                }
                LoadEvent::Done { job } => self.jobs.retain(|j| j.id != *job),
                _ => {}
            }
        }
    }

    /// Whether any job is still reading (background refinements of layers already shown are
    /// not counted: the map is usable meanwhile).
    pub fn busy(&self) -> bool {
        self.jobs.iter().any(|j| !j.background)
    }

    /// True when nothing at all runs, refinements included.
    pub fn idle(&self) -> bool {
        self.jobs.is_empty()
    }
}

impl Drop for Loader {
    /// Stops every job (refinements especially: nothing would take their levels in).
    fn drop(&mut self) {
        for j in &self.jobs {
            j.cancel.store(true, Ordering::Relaxed);
        }
    }
}

/// The part of a job's progress one step covers: `start`…`start + width` of 0…1.
#[derive(Debug, Clone, Copy)]
struct Share {
    start: f32,
    width: f32,
}

impl Share {
    const WHOLE: Share = Share {
        start: 0.0,
        width: 1.0,
    };

    /// Part `index` of `count` equal parts of this share.
    fn part(self, index: usize, count: usize) -> Share {
        let w = self.width / count.max(1) as f32;
        Share {
            start: self.start + w * index as f32,
            width: w,
        }
    }

    /// The share done `fraction` of the way through.
    fn at(self, fraction: f32) -> f32 {
        self.start + self.width * fraction
    }
}

/// Loads one path (a layer file or a project file) through the engine's workspace opening;
/// false when the job was cancelled meanwhile.
fn load_one(job: u64, path: &Path, share: Share, send: &dyn Fn(LoadEvent) -> bool) -> bool {
    match OpenPlan::for_paths(&[path.to_path_buf()], &OpenOptions::default()) {
        Ok(plan) => stream_plan(job, &plan, share, send),
        Err(e) => send(failed(job, path, e)),
    }
}

fn failed(job: u64, path: &Path, e: ZoneError) -> LoadEvent {
    LoadEvent::Failed {
        job,
        path: path.to_path_buf(),
        needs_crs: matches!(e, ZoneError::Crs { .. }),
        kind: FailureKind::of(&e),
        fix: e.fix(),
        message: e.to_string(),
    }
}

/// Reads `plan` with the engine's [`open_stream`] and turns each step into a `LoadEvent`, adding
/// what only the map needs (display name, style, visibility, meshes); false once cancelled.
fn stream_plan(job: u64, plan: &OpenPlan, share: Share, send: &dyn Fn(LoadEvent) -> bool) -> bool {
    let mut going = true;
    let mut current = share;
    open_stream(plan, &mut |event| {
        going = match event {
            OpenEvent::Planned {
                project,
                project_file: Some(file),
                ..
            } => send(LoadEvent::Project {
                job,
                name: project.name.clone(),
                file,
                requirements: plan.tables.clone(),
                statements: project,
            }),
            OpenEvent::Planned { .. } => true,
            OpenEvent::Reading { path, index, count } => {
                current = share.part(index, count);
                send(LoadEvent::Reading {
                    job,
                    path,
                    stage: LoadStage::Reading,
                    done: current.at(0.0),
                })
            }
            OpenEvent::Access(access) => send(LoadEvent::AccessList { job, access }),
            OpenEvent::Failed { path, error } => {
                // A project's layer is not a plain file the CRS box can read again.
                let mut event = failed(job, &path, error);
                if let LoadEvent::Failed { needs_crs, .. } = &mut event {
                    *needs_crs &= plan.project_file.is_none();
                }
                send(event)
            }
            OpenEvent::Layer {
                layer,
                spec,
                from_project,
                of_entry,
            } => {
                // Reading and indexing is most of a file's work; the overview the rest.
                send(LoadEvent::Reading {
                    job,
                    path: layer.layer.path.clone(),
                    stage: LoadStage::Drawing,
                    done: current.at(0.8),
                }) && send(LoadEvent::Layer {
                    job,
                    layer: Box::new(ready_layer(layer, *spec, from_project, of_entry)),
                    replaces: None,
                })
            }
        };
        going
    });
    going
}

/// The map's version of a layer the workspace opened: the project's display name (when the
/// entry gave one layer), style, visibility and opacity.
fn ready_layer(
    mut indexed: Arc<IndexedLayer>,
    spec: LayerSpec,
    from_project: bool,
    of_entry: usize,
) -> ReadyLayer {
    let (choice, warnings) = spec
        .style
        .as_ref()
        .map(StyleChoice::from_project)
        .unwrap_or_default();
    // Freshly indexed and not yet shared: the display statements go into the layer itself.
    if let Some(il) = Arc::get_mut(&mut indexed) {
        let layer = &mut il.layer;
        if let (true, 1, Some(name)) = (from_project, of_entry, spec.name.as_ref()) {
            layer.name = name.clone();
        }
        layer.warnings.extend(warnings.iter().cloned());
        for field in [&choice.by_field, &choice.label_field]
            .into_iter()
            .flatten()
        {
            if layer.field_index(field).is_none() {
                layer.warnings.push(format!(
                    "the project styles by field {field:?}, which this layer does not have"
                ));
            }
        }
    }
    // One class of a geodatabase is read again (a stated CRS or encoding) by its name, not by
    // reading every class of the container.
    let mut spec = spec;
    if spec.layer.is_none() && indexed.layer.format == crate::model::SourceFormat::FileGdb {
        spec.layer = indexed.layer.member.clone();
    }
    let visible = spec.visible;
    let opacity = spec.style.as_ref().and_then(|s| s.opacity);
    let mut ready = ReadyLayer::from_indexed(indexed, spec, choice);
    ready.visible = visible;
    ready.opacity = opacity;
    ready
}

/// A request to read a loaded layer again with other statements.
#[derive(Clone)]
pub struct Reload {
    /// The file (absolute path) and the statements to read it with.
    pub spec: LayerSpec,
    /// The zip member it came from, to pick the same layer out of a multi-layer archive.
    pub member: Option<String>,
    /// The display name to keep.
    pub name: String,
    pub choice: StyleChoice,
    /// The reading it replaces: its index and meshes are kept when the geometry read again is
    /// the same (another encoding; a CRS stated as the one guessed).
    pub previous: ReadyLayer,
}

/// Reads `reload.spec` and sends the layer matching `reload.member` as a replacement of `id`.
fn reload_one(job: u64, id: u64, reload: &Reload, send: &dyn Fn(LoadEvent) -> bool) {
    let path = reload.spec.path.clone();
    // Specs hold absolute paths (see `ReadyLayer::prepare`); a relative one stays relative to
    // the working folder, as it was first read.
    let planned = PlannedLayer {
        spec: reload.spec.clone(),
        project_file: None,
    };
    let found = read_planned(&planned).and_then(|layers| {
        layers
            .into_iter()
            .find(|l| l.member == reload.member)
            .ok_or_else(|| {
                ZoneError::Input(format!(
                    "{}: the layer {} is no longer in the file",
                    path.display(),
                    reload.member.as_deref().unwrap_or(&reload.name)
                ))
            })
    });
    match found {
        Ok(mut layer) => {
            layer.name = reload.name.clone();
            let ready = ReadyLayer::prepare_again(
                layer,
                reload.spec.clone(),
                reload.choice.clone(),
                &reload.previous,
            );
            send(LoadEvent::Layer {
                job,
                layer: Box::new(ready),
                replaces: Some(id),
            });
        }
        Err(e) => {
            send(LoadEvent::Failed {
                job,
                path,
                kind: FailureKind::of(&e),
                fix: e.fix(),
                message: e.to_string(),
                needs_crs: false,
            });
        }
    }
}

/// `path` made absolute against the working folder (as given if that fails), so a layer can be
/// read again, or a project saved, whatever folder the app was started from.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
