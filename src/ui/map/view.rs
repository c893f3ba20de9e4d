//! The map view: which part of the lon/lat plane is on screen, and the world↔screen transform.
//!
//! The projection is a plain equirectangular scaling: x = lon·cos(lat0), y = lat, with `lat0` fixed
//! when the view is fitted to data (so panning does not stretch the map). Good enough to look at a
//! city or a province; measurements never use it (they go through the engine on the ellipsoid).
//! Not for drawing (see `draw`) or for geometry caches (see `mesh`).

use egui::{Pos2, Rect, Vec2};
use geo::{Coord, Rect as GeoRect};

/// Smallest and largest zoom, in screen points per degree of latitude (whole world … ~1 cm/px).
const MIN_PX_PER_DEG: f64 = 0.5;
const MAX_PX_PER_DEG: f64 = 2.0e7;

/// Where the map looks and how close: the lon/lat at the centre of the canvas and the scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    /// Lon/lat (degrees, CGCS2000) at the centre of the canvas.
    pub center_lonlat: Coord<f64>,
    /// Screen points per degree of latitude.
    pub px_per_deg: f64,
    /// cos(lat0): the equirectangular shrink of longitude, fixed while panning.
    pub lon_factor: f64,
}

impl Default for MapView {
    fn default() -> Self {
        // Hengshui, so an empty app still looks at the right part of the world.
        MapView::looking_at(
            Coord {
                x: 115.67,
                y: 37.74,
            },
            400.0,
        )
    }
}

/// A view's lon/lat → screen mapping: x and y each scaled and offset (an equirectangular view is
/// separable), in f64 so the largest zoom (2·10⁷ points a degree) keeps sub-point precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenTransform {
    x_scale: f64,
    x_offset: f64,
    y_scale: f64,
    y_offset: f64,
}

impl ScreenTransform {
    /// The screen position (points) of `lonlat`.
    #[inline]
    pub fn place(&self, lonlat: Coord<f64>) -> Pos2 {
        Pos2::new(
            (lonlat.x * self.x_scale + self.x_offset) as f32,
            (lonlat.y * self.y_scale + self.y_offset) as f32,
        )
    }
}

impl MapView {
    /// A view centred on `center_lonlat` with `px_per_deg` points per degree of latitude.
    pub fn looking_at(center_lonlat: Coord<f64>, px_per_deg: f64) -> MapView {
        MapView {
            center_lonlat,
            px_per_deg: px_per_deg.clamp(MIN_PX_PER_DEG, MAX_PX_PER_DEG),
            lon_factor: center_lonlat.y.to_radians().cos().max(0.05),
        }
    }

    /// The screen position (points) of `lonlat` on a canvas occupying `canvas`.
    pub fn to_screen(&self, canvas: Rect, lonlat: Coord<f64>) -> Pos2 {
        self.screen_transform(canvas).place(lonlat)
    }

    /// The lon/lat → screen mapping of this view on `canvas`, for painting many points: worked
    /// out once a frame instead of once a vertex.
    pub fn screen_transform(&self, canvas: Rect) -> ScreenTransform {
        let c = canvas.center();
        let x_scale = self.lon_factor * self.px_per_deg;
        ScreenTransform {
            x_scale,
            x_offset: f64::from(c.x) - self.center_lonlat.x * x_scale,
            y_scale: -self.px_per_deg,
            y_offset: f64::from(c.y) + self.center_lonlat.y * self.px_per_deg,
        }
    }

    /// The lon/lat under screen position `pos` on a canvas occupying `canvas`.
    pub fn to_lonlat(&self, canvas: Rect, pos: Pos2) -> Coord<f64> {
        let c = canvas.center();
        let dx = f64::from(pos.x - c.x);
        let dy = f64::from(pos.y - c.y);
        Coord {
            x: self.center_lonlat.x + dx / (self.px_per_deg * self.lon_factor),
            y: self.center_lonlat.y - dy / self.px_per_deg,
        }
    }

    /// The lon/lat rectangle visible on `canvas`, for culling.
    pub fn visible_lonlat(&self, canvas: Rect) -> GeoRect<f64> {
        let a = self.to_lonlat(canvas, canvas.left_top());
        let b = self.to_lonlat(canvas, canvas.right_bottom());
        GeoRect::new(a, b)
    }

    /// Moves the map with the pointer: a drag of `delta_px` points moves the content by as much.
    pub fn pan(&mut self, delta_px: Vec2) {
        self.center_lonlat.x -= f64::from(delta_px.x) / (self.px_per_deg * self.lon_factor);
        self.center_lonlat.y += f64::from(delta_px.y) / self.px_per_deg;
    }

    /// Zooms by `factor` (>1 closer) keeping the lon/lat under `anchor` (screen point) in place.
    pub fn zoom_about(&mut self, canvas: Rect, anchor: Pos2, factor: f64) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let before = self.to_lonlat(canvas, anchor);
        self.px_per_deg = (self.px_per_deg * factor).clamp(MIN_PX_PER_DEG, MAX_PX_PER_DEG);
        let after = self.to_lonlat(canvas, anchor);
        self.center_lonlat.x += before.x - after.x;
        self.center_lonlat.y += before.y - after.y;
    }

    /// Fits `bbox_lonlat` into `canvas` with a margin of `margin_px` points on every side; fixes
    /// lat0 at the box's centre. A degenerate box (one point) is shown at a street-level scale.
    pub fn fit(&mut self, canvas: Rect, bbox_lonlat: GeoRect<f64>, margin_px: f32) {
        let center = bbox_lonlat.center();
        if !(center.x.is_finite() && center.y.is_finite()) {
            return;
        }
        let lon_factor = center.y.to_radians().cos().max(0.05);
        let usable_w = f64::from((canvas.width() - 2.0 * margin_px).max(10.0));
        let usable_h = f64::from((canvas.height() - 2.0 * margin_px).max(10.0));
        let w_deg = bbox_lonlat.width() * lon_factor;
        let h_deg = bbox_lonlat.height();
        let px_per_deg = if w_deg <= 0.0 && h_deg <= 0.0 {
            // About 1 m per point.
            100_000.0
        } else {
            let by_w = if w_deg > 0.0 {
                usable_w / w_deg
            } else {
                f64::INFINITY
            };
            let by_h = if h_deg > 0.0 {
                usable_h / h_deg
            } else {
                f64::INFINITY
            };
            by_w.min(by_h)
        };
        *self = MapView {
            center_lonlat: center,
            px_per_deg: px_per_deg.clamp(MIN_PX_PER_DEG, MAX_PX_PER_DEG),
            lon_factor,
        };
    }

    /// Metres on the ground per screen point, horizontally at the view centre (CGCS2000
    /// ellipsoid: the parallel's radius N·cos φ), for the scale bar and click tolerances.
    pub fn metres_per_point(&self) -> f64 {
        let lat = self.center_lonlat.y.to_radians();
        let (a, f) = (6_378_137.0_f64, 1.0 / 298.257_222_101);
        let e2 = f * (2.0 - f);
        let n = a / (1.0 - e2 * lat.sin().powi(2)).sqrt();
        let m_per_deg_lon = n * lat.cos() * std::f64::consts::PI / 180.0;
        m_per_deg_lon / (self.px_per_deg * self.lon_factor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canvas() -> Rect {
        Rect::from_min_size(Pos2::new(100.0, 50.0), Vec2::new(800.0, 600.0))
    }

    #[test]
    fn centre_maps_to_canvas_centre_and_back() {
        let v = MapView::looking_at(Coord { x: 115.5, y: 37.5 }, 1000.0);
        let p = v.to_screen(canvas(), Coord { x: 115.5, y: 37.5 });
        assert_eq!(p, Pos2::new(500.0, 350.0));
        // 0.1° north is 100 points up; 0.1° east is 100·cos(37.5°) = 79.335 points right
        // (cos 37.5° = 0.793353, by hand/calculator).
        let q = v.to_screen(canvas(), Coord { x: 115.6, y: 37.6 });
        assert!((q.x - 579.335).abs() < 1e-2, "{q:?}");
        assert!((q.y - 250.0).abs() < 1e-3, "{q:?}");
        let back = v.to_lonlat(canvas(), q);
        assert!((back.x - 115.6).abs() < 1e-6 && (back.y - 37.6).abs() < 1e-6);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut v = MapView::looking_at(Coord { x: 115.5, y: 37.5 }, 1000.0);
        let anchor = Pos2::new(200.0, 120.0);
        let before = v.to_lonlat(canvas(), anchor);
        v.zoom_about(canvas(), anchor, 2.5);
        assert_eq!(v.px_per_deg, 2500.0);
        let after = v.to_lonlat(canvas(), anchor);
        assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
    }

    #[test]
    fn pan_moves_content_with_the_pointer() {
        let mut v = MapView::looking_at(Coord { x: 115.5, y: 37.5 }, 1000.0);
        let p = Coord {
            x: 115.55,
            y: 37.45,
        };
        let s0 = v.to_screen(canvas(), p);
        v.pan(Vec2::new(30.0, -20.0));
        let s1 = v.to_screen(canvas(), p);
        assert!((s1.x - s0.x - 30.0).abs() < 1e-3 && (s1.y - s0.y + 20.0).abs() < 1e-3);
    }

    #[test]
    fn metres_per_point_matches_the_geodesic() {
        // pyproj Geod(a=6378137, rf=298.257222101).inv(115.67, 37.74, 115.671, 37.74) gives
        // 88.14165 m for 0.001° of longitude at 37.74°N, i.e. 88141.65 m per degree.
        let v = MapView::looking_at(
            Coord {
                x: 115.67,
                y: 37.74,
            },
            1000.0,
        );
        let m_per_deg_lon = v.metres_per_point() * v.px_per_deg * v.lon_factor;
        assert!((m_per_deg_lon - 88_141.65).abs() < 0.05, "{m_per_deg_lon}");
    }

    #[test]
    fn fit_puts_the_box_inside_the_canvas() {
        let mut v = MapView::default();
        // Hengshui city roughly: 115.17–116.57°E, 37.05–38.39°N.
        let bbox = GeoRect::new(
            Coord {
                x: 115.17,
                y: 37.05,
            },
            Coord {
                x: 116.57,
                y: 38.39,
            },
        );
        v.fit(canvas(), bbox, 20.0);
        let a = v.to_screen(canvas(), bbox.min());
        let b = v.to_screen(canvas(), bbox.max());
        // Height limits: 560 usable points over 1.34° of latitude.
        assert!((v.px_per_deg - 560.0 / 1.34).abs() < 1e-6);
        assert!(
            (b.y - 70.0).abs() < 1e-3 && (a.y - 630.0).abs() < 1e-3,
            "{a:?} {b:?}"
        );
        assert!(a.x >= 120.0 && b.x <= 880.0, "{a:?} {b:?}");
    }
}
