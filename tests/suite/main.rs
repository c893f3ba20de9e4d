//! Every integration test, in one test binary: each file here is a module named after what it
//! tests. One binary instead of one per file because each links the whole app (egui, the readers,
//! the report writers): with 59 test binaries the executables of target/debug/deps took 9.4 GB
//! (a 13 GB target folder, 12 min to build on two cores) and filled the CI machine's disk; this
//! one is 240 MB. Run one file's tests with
//! `cargo test --test suite app_layers::`.

mod app_common;
mod batch_common;
mod formats_common;
mod io_common;
mod query_common;
mod report_common;

mod app_batch_diff;
mod app_errors;
mod app_file_dialog;
mod app_find;
mod app_identify;
mod app_layers;
mod app_measure;
mod app_print;
mod app_project;
mod app_sample;
mod app_site;
mod app_table;
mod app_usability;
mod basemap_app;
mod basemap_errors;
mod basemap_readers;
mod cli;
mod cli_batch;
mod cli_containers;
mod cli_diff;
mod cli_filegdb;
mod cli_fix_flags;
mod cli_hostile;
mod crs_transforms;
mod crs_typed;
mod crs_wkt;
mod engine_boundary;
mod faces_agree;
mod io_coord_list;
mod io_dxf;
mod io_errors;
mod io_exchange_text;
mod io_filegdb;
mod io_gpkg;
mod io_hostile;
mod io_kml;
mod io_odd_files;
mod io_shapefile;
mod io_site_write;
mod io_xlsx;
mod io_zip_geojson;
mod mutation;
mod query_big_site;
mod query_index;
mod query_measure;
mod query_measure_tool;
mod query_nearby;
mod query_overlay;
mod query_point;
mod report_map_print;
mod report_outputs;
mod report_sample;
mod requirements_db_tables;
mod requirements_tables;
mod sample_cli;
mod sample_data;
mod sample_formats;
mod workspace_point;
mod workspace_verdict;
