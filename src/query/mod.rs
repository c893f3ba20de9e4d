//! Questions asked of indexed layers: point query, radius search, site overlay, measurement.
