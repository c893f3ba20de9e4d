//! Basemaps on the map: the opened basemaps (bottom first, under every data layer), their tiles
//! as egui textures drawn on the engine's warp meshes, and the bounded texture cache.
//!
//! Tiles are read and decoded by the engine's `basemap::worker` threads; a tile not yet read is
//! drawn meanwhile from a cached ancestor, so panning never shows holes where a coarser tile is
//! at hand. The cache holds at most `TEXTURE_BUDGET_BYTES` of RGBA (64 MiB: 256 tiles of 256 px),
//! least recently drawn evicted first. Not for reading or planning tiles (see `crate::basemap`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::{Color32, ColorImage, Mesh, Pos2, Rect, Shape, TextureHandle, TextureOptions};

use crate::basemap::plan::{PlanIds, ViewFrame, WarpMesh, plan_ids, warp_mesh};
use crate::basemap::worker::{TileRequest, TileWorker};
use crate::basemap::{Basemap, BasemapError, TileId, is_basemap_path};
use crate::model::project::{BasemapSpec, Project};
use crate::present::basemap as words;
use crate::ui::map::view::MapView;
use crate::ui::state::{AppState, Level, Message};

/// The texture cache's budget: 64 MiB of RGBA, 256 tiles of 256×256 px.
pub const TEXTURE_BUDGET_BYTES: usize = 64 << 20;
/// How soon the map looks again for tiles being read.
const TILE_POLL: std::time::Duration = std::time::Duration::from_millis(40);
/// Meshes kept (a few per tile on screen; they are small).
const MESH_CACHE: usize = 4096;

/// A basemap's id in the app.
pub type BasemapId = u64;

/// What the basemap rows ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum BasemapAction {
    SetVisible(BasemapId, bool),
    SetOpacity(BasemapId, f32),
    /// Up (+1, towards the data) or down (-1) among the basemaps.
    Move(BasemapId, i32),
    Remove(BasemapId),
    ZoomTo(BasemapId),
}

/// One basemap on the map.
pub struct BasemapLayer {
    pub id: BasemapId,
    pub basemap: Arc<Basemap>,
    /// The spec it was opened with (path absolute), written back when the project is saved.
    pub spec: BasemapSpec,
    pub name: String,
    pub visible: bool,
    pub opacity: f32,
    /// Tiles of it that failed (reported once, in the messages).
    pub failed_tiles: usize,
    /// The last frame's plan: which level was drawn for which the view wanted, and whether it
    /// was cut short.
    pub last_plan: Option<(u8, u8, bool)>,
    /// Tiles still being read in the last frame.
    pub loading: usize,
}

struct Texture {
    handle: TextureHandle,
    bytes: usize,
    last_used: u64,
}

/// The tile found for a wanted one: itself or an ancestor, and where the wanted one sits in it.
#[derive(Clone, Copy)]
enum Resolved {
    Found(TileId, [f64; 3]),
    Nothing,
}

type Opening = (BasemapSpec, Result<Basemap, BasemapError>);

/// Every basemap and the runtime state that draws them.
#[derive(Default)]
pub struct Basemaps {
    /// Bottom first.
    pub layers: Vec<BasemapLayer>,
    next_id: BasemapId,
    worker: Option<TileWorker>,
    textures: HashMap<(BasemapId, TileId), Texture>,
    resolved: HashMap<(BasemapId, TileId), Resolved>,
    meshes: HashMap<(BasemapId, TileId, u32), WarpMesh>,
    frame: u64,
    opening: Vec<Receiver<Opening>>,
}

impl Basemaps {
    /// Bytes of texture held now.
    pub fn texture_bytes(&self) -> usize {
        self.textures.values().map(|t| t.bytes).sum()
    }

    /// Whether a basemap is still being opened.
    pub fn opening(&self) -> bool {
        !self.opening.is_empty()
    }

    fn layer_mut(&mut self, id: BasemapId) -> Option<&mut BasemapLayer> {
        self.layers.iter_mut().find(|l| l.id == id)
    }

    /// Opens `spec` (path absolute) on a thread; the result is taken in by `poll`.
    pub fn open(&mut self, spec: BasemapSpec) {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let result = Basemap::open(&spec.path, &spec.open_options());
            let _ = tx.send((spec, result));
        });
        self.opening.push(rx);
    }

    /// Blocks until every basemap being opened is open (tests and headless use).
    pub fn wait_opened(&mut self, messages: &mut Vec<Message>, lang: crate::ui::i18n::Lang) {
        for rx in std::mem::take(&mut self.opening) {
            if let Ok(opened) = rx.recv() {
                self.take_opened(opened, messages, lang);
            }
        }
    }

    /// Takes in the basemaps opened since the last frame; failures become messages.
    fn poll_opened(&mut self, messages: &mut Vec<Message>, lang: crate::ui::i18n::Lang) {
        let mut still = Vec::new();
        for rx in std::mem::take(&mut self.opening) {
            match rx.try_recv() {
                Ok(opened) => self.take_opened(opened, messages, lang),
                Err(std::sync::mpsc::TryRecvError::Empty) => still.push(rx),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {}
            }
        }
        self.opening = still;
    }

    fn take_opened(
        &mut self,
        (spec, result): Opening,
        messages: &mut Vec<Message>,
        lang: crate::ui::i18n::Lang,
    ) {
        match result {
            Ok(basemap) => {
                self.next_id += 1;
                let name = spec
                    .name
                    .clone()
                    .unwrap_or_else(|| basemap.info.name.clone());
                self.layers.push(BasemapLayer {
                    id: self.next_id,
                    basemap: Arc::new(basemap),
                    visible: spec.visible,
                    opacity: spec.opacity.unwrap_or(1.0).clamp(0.0, 1.0),
                    spec,
                    name,
                    failed_tiles: 0,
                    last_plan: None,
                    loading: 0,
                });
            }
            Err(e) => messages.push(Message {
                level: Level::Error,
                text: words::error_text(lang, &e),
            }),
        }
    }

    /// Applies a row's request.
    pub fn apply(&mut self, action: BasemapAction) -> Option<geo::Rect<f64>> {
        match action {
            BasemapAction::SetVisible(id, v) => {
                if let Some(l) = self.layer_mut(id) {
                    l.visible = v;
                }
            }
            BasemapAction::SetOpacity(id, o) => {
                if let Some(l) = self.layer_mut(id) {
                    l.opacity = o.clamp(0.0, 1.0);
                }
            }
            BasemapAction::Move(id, delta) => {
                if let Some(from) = self.layers.iter().position(|l| l.id == id) {
                    let to =
                        (from as i64 + i64::from(delta)).clamp(0, self.layers.len() as i64 - 1);
                    let l = self.layers.remove(from);
                    self.layers.insert(to as usize, l);
                }
            }
            BasemapAction::Remove(id) => {
                self.layers.retain(|l| l.id != id);
                self.textures.retain(|k, _| k.0 != id);
                self.resolved.retain(|k, _| k.0 != id);
                self.meshes.retain(|k, _| k.0 != id);
            }
            BasemapAction::ZoomTo(id) => {
                return self
                    .layers
                    .iter()
                    .find(|l| l.id == id)
                    .and_then(|l| l.basemap.info.bounds_lonlat);
            }
        }
        None
    }
}

/// The specs of the open basemaps (bottom first), as they are now, for the project file.
pub fn specs(basemaps: &Basemaps) -> Vec<BasemapSpec> {
    basemaps
        .layers
        .iter()
        .map(|l| BasemapSpec {
            visible: l.visible,
            opacity: (l.opacity < 1.0).then_some(l.opacity),
            ..l.spec.clone()
        })
        .collect()
}

/// Opens the basemaps among `paths` (.mbtiles, .pmtiles, tile folders) and returns the rest for
/// the layer loader.
pub fn open_basemap_paths(state: &mut AppState, paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut rest = Vec::new();
    let mut basemaps: Vec<PathBuf> = Vec::new();
    for p in paths {
        let p = crate::basemap::tile_folder_of(&p).unwrap_or(p);
        if is_basemap_path(&p) {
            if !basemaps.contains(&p) {
                basemaps.push(p);
            }
        } else {
            rest.push(p);
        }
    }
    for p in basemaps {
        state.basemaps.open(BasemapSpec::for_path(absolute(&p)));
    }
    rest
}

/// Opens the basemaps a project file lists (paths relative to it).
pub fn open_project_basemaps(state: &mut AppState, project: &Project) {
    for spec in &project.basemaps {
        let path = absolute(&project.basemap_path(spec));
        state.basemaps.open(BasemapSpec {
            path,
            ..spec.clone()
        });
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Applies a basemap row's action to the app.
pub fn apply(state: &mut AppState, action: BasemapAction) {
    if let (Some(bbox), Some(canvas)) = (state.basemaps.apply(action), state.canvas) {
        state.view.fit(canvas, bbox, 20.0);
    }
}

/// The view frame the engine plans with.
fn view_frame(view: &MapView, canvas: Rect) -> ViewFrame {
    ViewFrame {
        rect_lonlat: view.visible_lonlat(canvas),
        px_per_deg_lat: view.px_per_deg,
        lon_factor: view.lon_factor,
    }
}

impl Basemaps {
    /// Takes in opened basemaps and read tiles, then places every visible basemap's tiles (bottom
    /// first) for `view` on `canvas`, and asks the readers for what is still missing. Changes only
    /// the basemaps (their textures, caches and row figures) and `messages`.
    pub fn frame_shapes(
        &mut self,
        ctx: &egui::Context,
        view: &MapView,
        canvas: Rect,
        messages: &mut Vec<Message>,
        lang: crate::ui::i18n::Lang,
    ) -> Vec<Shape> {
        self.poll_opened(messages, lang);
        if self.layers.is_empty() {
            return Vec::new();
        }
        let b = self;
        // Read tiles are collected by polling a few times a second while any are missing (a
        // delayed repaint, not one per tile: the frame loop and test harnesses settle in between).
        let worker = b.worker.get_or_insert_with(TileWorker::new);
        b.frame += 1;
        let frame_no = b.frame;
        for r in worker.poll() {
            let key = (r.key, r.id);
            match r.outcome {
                Ok(Some((found, tile, sub))) => {
                    b.resolved.insert(key, Resolved::Found(found, sub));
                    b.textures.entry((r.key, found)).or_insert_with(|| {
                        let image = ColorImage::from_rgba_unmultiplied(
                            [tile.width_px as usize, tile.height_px as usize],
                            &tile.rgba,
                        );
                        let name = format!("basemap-{}-{}-{}-{}", r.key, found.z, found.x, found.y);
                        Texture {
                            handle: ctx.load_texture(name, image, TextureOptions::LINEAR),
                            bytes: tile.size_bytes(),
                            last_used: frame_no,
                        }
                    });
                }
                Ok(None) => {
                    b.resolved.insert(key, Resolved::Nothing);
                }
                Err(e) => {
                    b.resolved.insert(key, Resolved::Nothing);
                    if let Some(l) = b.layers.iter_mut().find(|l| l.id == r.key) {
                        l.failed_tiles += 1;
                        // The first failure of a basemap is said; the count is kept on its row.
                        if l.failed_tiles == 1 {
                            messages.push(Message {
                                level: Level::Warning,
                                text: words::tiles_failed_text(lang, &e, 1),
                            });
                        }
                    }
                }
            }
        }
        let frame = view_frame(view, canvas);
        let mut wanted = Vec::new();
        let mut shapes = Vec::new();
        for l in b.layers.iter_mut() {
            if !l.visible || l.opacity <= 0.0 {
                l.last_plan = None;
                l.loading = 0;
                continue;
            }
            let plan = plan_ids(&l.basemap.info, l.basemap.offset, &frame);
            l.last_plan = Some((plan.zoom, plan.ideal_zoom, plan.cut));
            l.loading = 0;
            let tint = Color32::WHITE.gamma_multiply(l.opacity);
            let lowest = l.basemap.info.zooms.first().copied().unwrap_or(0);
            for &id in &plan.ids {
                let key = (l.id, id);
                // The tile itself (or its stored ancestor), else a coarser tile already at hand.
                let source = match b.resolved.get(&key) {
                    Some(Resolved::Found(found, sub))
                        if b.textures.contains_key(&(l.id, *found)) =>
                    {
                        Some((*found, *sub))
                    }
                    Some(Resolved::Nothing) => None,
                    // Not read yet, or its texture was evicted: ask (again).
                    _ => {
                        l.loading += 1;
                        wanted.push(TileRequest {
                            key: l.id,
                            basemap: Arc::clone(&l.basemap),
                            id,
                        });
                        (1..=id.z.saturating_sub(lowest)).find_map(|levels| {
                            let (up, sub) = id.ancestor(levels)?;
                            b.textures.contains_key(&(l.id, up)).then_some((up, sub))
                        })
                    }
                };
                let Some((found, sub)) = source else { continue };
                let Some(tex) = b.textures.get_mut(&(l.id, found)) else {
                    continue;
                };
                tex.last_used = frame_no;
                let mesh = mesh_for(&mut b.meshes, l, id, &plan, &frame);
                shapes.push(Shape::mesh(egui_mesh(
                    mesh,
                    sub,
                    tex.handle.id(),
                    tint,
                    view,
                    canvas,
                )));
            }
        }
        if !wanted.is_empty() {
            ctx.request_repaint_after(TILE_POLL);
        }
        worker.want(wanted);
        evict(&mut b.textures, frame_no);
        if b.resolved.len() > 16 * 1024 {
            b.resolved.clear();
        }
        shapes
    }
}

fn mesh_for<'a>(
    meshes: &'a mut HashMap<(BasemapId, TileId, u32), WarpMesh>,
    l: &BasemapLayer,
    id: TileId,
    plan: &PlanIds,
    frame: &ViewFrame,
) -> &'a WarpMesh {
    if meshes.len() > MESH_CACHE {
        meshes.clear();
    }
    meshes
        .entry((l.id, id, plan.enlarge as u32))
        .or_insert_with(|| {
            warp_mesh(
                l.basemap.info.grid,
                l.basemap.offset,
                id,
                frame,
                plan.enlarge,
            )
        })
}

/// The warp mesh on screen, its uv moved into the sub-square `sub` of the texture drawn.
fn egui_mesh(
    warp: &WarpMesh,
    [u0, v0, size]: [f64; 3],
    texture: egui::TextureId,
    tint: Color32,
    view: &MapView,
    canvas: Rect,
) -> Mesh {
    let mut mesh = Mesh::with_texture(texture);
    for v in &warp.vertices {
        let pos: Pos2 = view.to_screen(canvas, v.lonlat);
        let uv = Pos2::new(
            (u0 + f64::from(v.uv[0]) * size) as f32,
            (v0 + f64::from(v.uv[1]) * size) as f32,
        );
        mesh.vertices.push(egui::epaint::Vertex {
            pos,
            uv,
            color: tint,
        });
    }
    mesh.indices = warp.triangles();
    mesh
}

/// Drops the least recently drawn textures over the budget (never one drawn this frame).
fn evict(textures: &mut HashMap<(BasemapId, TileId), Texture>, frame_no: u64) {
    let mut total: usize = textures.values().map(|t| t.bytes).sum();
    if total <= TEXTURE_BUDGET_BYTES {
        return;
    }
    let mut by_age: Vec<((BasemapId, TileId), u64, usize)> = textures
        .iter()
        .filter(|(_, t)| t.last_used < frame_no)
        .map(|(k, t)| (*k, t.last_used, t.bytes))
        .collect();
    by_age.sort_by_key(|(_, used, _)| *used);
    for (k, _, bytes) in by_age {
        if total <= TEXTURE_BUDGET_BYTES {
            break;
        }
        textures.remove(&k);
        total -= bytes;
    }
}
