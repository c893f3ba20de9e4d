//! The spatial reference of a feature class: the ESRI WKT in its geometry field, and the WKID /
//! LatestWKID codes from its XML definition in GDB_Items (the code Esri software itself uses).
//!
//! Not for recognising or transforming coordinate systems: the caller maps WKT or codes to its
//! own CRS model.

/// What a feature class says about its coordinate system.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpatialReference {
    /// ESRI WKT (`PROJCS["CGCS2000_3_Degree_GK_Zone_39", ...]`), `None` for "Unknown".
    pub wkt: Option<String>,
    /// The WKID recorded when the class was made (an EPSG code for EPSG systems).
    pub wkid: Option<u32>,
    /// The current code for the same system when Esri renumbered it.
    pub latest_wkid: Option<u32>,
}

impl SpatialReference {
    /// The code to prefer: the latest WKID, else the WKID.
    pub fn code(&self) -> Option<u32> {
        self.latest_wkid.or(self.wkid)
    }
}

/// The text of the first `<tag>…</tag>` inside the `<SpatialReference` element of a GDB_Items
/// definition, if any.
fn spatial_reference_tag<'a>(definition: &'a str, tag: &str) -> Option<&'a str> {
    let start = definition.find("<SpatialReference")?;
    let body = &definition[start..];
    let end = body.find("</SpatialReference>").unwrap_or(body.len());
    let body = &body[..end];
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let from = body.find(&open)? + open.len();
    let to = body[from..].find(&close)? + from;
    Some(body[from..to].trim())
}

/// WKID and LatestWKID from a definition.
pub fn wkids_from_definition(definition: &str) -> (Option<u32>, Option<u32>) {
    let code = |tag| spatial_reference_tag(definition, tag).and_then(|t| t.parse::<u32>().ok());
    (code("WKID"), code("LatestWKID"))
}

/// The `<AliasName>` of a feature class definition (its display name), if not empty. Field
/// aliases (inside `<GPFieldInfoExs>` or `<Fields>`) are not it.
pub fn alias_from_definition(definition: &str) -> Option<String> {
    let mut rest = definition.to_string();
    for block in ["GPFieldInfoExs", "Fields"] {
        let open = format!("<{block}");
        let close = format!("</{block}>");
        while let Some(a) = rest.find(&open) {
            let Some(b) = rest[a..].find(&close) else {
                rest.truncate(a);
                break;
            };
            rest.replace_range(a..a + b + close.len(), "");
        }
    }
    let from = rest.find("<AliasName>")? + "<AliasName>".len();
    let to = rest[from..].find("</AliasName>")? + from;
    let text = unescape(rest[from..to].trim());
    (!text.is_empty()).then_some(text)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_alias_come_from_the_definition() {
        let xml = r#"<DEFeatureClassInfo><Name>红线</Name><GPFieldInfoExs><GPFieldInfoEx>
            <Name>HXMC</Name><AliasName>红线名称</AliasName></GPFieldInfoEx></GPFieldInfoExs>
            <AliasName>生态保护红线 &amp; 其他</AliasName>
            <Extent><WKID>9</WKID></Extent>
            <SpatialReference xsi:type="typens:ProjectedCoordinateSystem"><WKT>PROJCS[..]</WKT>
            <WKID>4527</WKID><LatestWKID>4527</LatestWKID></SpatialReference></DEFeatureClassInfo>"#;
        assert_eq!(wkids_from_definition(xml), (Some(4527), Some(4527)));
        assert_eq!(
            alias_from_definition(xml).as_deref(),
            Some("生态保护红线 & 其他")
        );
        assert_eq!(wkids_from_definition("<Table/>"), (None, None));
    }
}
