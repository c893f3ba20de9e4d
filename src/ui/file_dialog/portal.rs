//! Whether the desktop offers a file dialog on Linux and the BSDs: a session bus with an
//! xdg-desktop-portal that implements `org.freedesktop.portal.FileChooser`. Asking for the
//! interface's `version` property starts the portal if it is activatable and fails when it is
//! missing, or present without a file-chooser backend; bare window managers and Xvfb have none.
//!
//! Not for showing the dialog (rfd does, in `native`).

use std::sync::OnceLock;
use std::time::Duration;

/// The portal's bus name and object.
const PORTAL_NAME: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const FILE_CHOOSER: &str = "org.freedesktop.portal.FileChooser";

/// A portal that has not answered by then is treated as absent (a first start takes about a
/// second; a portal waiting on a broken backend can hang for 25 s).
const PROBE_TIMEOUT: Duration = Duration::from_secs(8);

/// Whether the session's portal offers a file chooser; asked once per run (it blocks up to
/// `PROBE_TIMEOUT`, so call it off the UI thread).
pub fn file_chooser_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| pollster::block_on(file_chooser_version(None)).is_ok())
}

/// The FileChooser portal's version on the session bus, or on the bus at `address` (tests).
pub async fn file_chooser_version(address: Option<&str>) -> zbus::Result<u32> {
    let builder = match address {
        Some(a) => zbus::connection::Builder::address(a)?,
        None => zbus::connection::Builder::session()?,
    };
    let conn = builder.method_timeout(PROBE_TIMEOUT).build().await?;
    let props = zbus::fdo::PropertiesProxy::builder(&conn)
        .destination(PORTAL_NAME)?
        .path(PORTAL_PATH)?
        .build()
        .await?;
    let interface = zbus::names::InterfaceName::try_from(FILE_CHOOSER)?;
    let value = props.get(interface, "version").await?;
    Ok(u32::try_from(value)?)
}

#[cfg(test)]
mod tests {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    use super::*;

    #[test]
    fn no_bus_means_no_portal() {
        let dir = tempfile::tempdir().unwrap();
        let address = format!("unix:path={}", dir.path().join("no-bus").display());
        assert!(pollster::block_on(file_chooser_version(Some(&address))).is_err());
    }

    /// A stand-in for xdg-desktop-portal's file chooser: only its version property.
    struct FakeFileChooser;

    #[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
    impl FakeFileChooser {
        // The portal's property is "version", not zbus's default "Version".
        #[zbus(property, name = "version")]
        fn version(&self) -> u32 {
            4
        }
    }

    /// On a private bus (dbus-daemon): no portal there is "none"; a portal object serving the
    /// FileChooser interface is found, with its version.
    #[test]
    fn a_portal_is_found_only_when_one_serves_the_file_chooser() {
        let dir = tempfile::tempdir().unwrap();
        // Our own configuration: no service directories, so a portal installed on the machine
        // cannot be started on this bus.
        let config = dir.path().join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>"#,
                dir.path().join("bus").display()
            ),
        )
        .unwrap();
        let config = format!("--config-file={}", config.display());
        let spawned = Command::new("dbus-daemon")
            .args([config.as_str(), "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let Ok(daemon) = spawned else {
            eprintln!("dbus-daemon is not installed: only the no-bus case is checked");
            return;
        };
        let mut daemon = StopOnDrop(daemon);
        let mut address = String::new();
        let stdout = daemon.0.stdout.take().expect("stdout was piped");
        std::io::BufReader::new(stdout)
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        assert!(pollster::block_on(file_chooser_version(Some(&address))).is_err());
        let _portal = pollster::block_on(
            zbus::connection::Builder::address(address.as_str())
                .unwrap()
                .name(PORTAL_NAME)
                .unwrap()
                .serve_at(PORTAL_PATH, FakeFileChooser)
                .unwrap()
                .build(),
        )
        .unwrap();
        assert_eq!(
            pollster::block_on(file_chooser_version(Some(&address))).unwrap(),
            4
        );
    }

    /// Stops the private bus however the test ends.
    struct StopOnDrop(std::process::Child);

    impl Drop for StopOnDrop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}
