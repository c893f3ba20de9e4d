//! Requirement texts (准入清单) for the synthetic units, in the style of real Hebei lists but
//! written for this sample: the four dimensions, each at most 254 GBK bytes (the DBF limit).

use super::places::County;

/// What kind of unit a text is for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UnitKind {
    Lake,
    Park,
    Corridor,
    Town,
    Industry,
    General,
}

impl UnitKind {
    /// Category digit: 1 优先保护, 2 重点管控, 3 一般管控.
    pub fn category(self) -> u8 {
        match self {
            UnitKind::Lake | UnitKind::Park | UnitKind::Corridor => 1,
            UnitKind::Town | UnitKind::Industry => 2,
            UnitKind::General => 3,
        }
    }

    /// The category's name as written in GKDYLB.
    pub fn category_name(self) -> &'static str {
        match self.category() {
            1 => "优先保护单元",
            2 => "重点管控单元",
            _ => "一般管控单元",
        }
    }
}

fn basin_standard(county: &County) -> &'static str {
    if county.groundwater_east {
        "《黑龙港及运东流域水污染物排放标准》（DB13/2797）"
    } else {
        "《子牙河流域水污染物排放标准》（DB13/2796）"
    }
}

/// The four requirement texts: 空间布局约束, 污染物排放管控, 环境风险防控, 资源开发效率要求.
pub fn requirements(kind: UnitKind, county: &County, river: &str) -> [String; 4] {
    let central_ban = "禁止新建化工、化学制药、电镀项目；";
    let water = if county.groundwater_east {
        "位于地下水超采区，严格限制深层地下水开采，逐步压减浅层地下水开采量；"
    } else {
        "严格执行地下水取水许可，地下水超采区内禁止新增地下水取水；"
    };
    // The same clause closing a text: a full stop, not the list separator.
    let water_end = format!("{}。", water.trim_end_matches('；'));
    match kind {
        UnitKind::Lake => [
            "执行自然保护区管理规定，核心区、缓冲区禁止任何开发建设活动；实验区不得建设污染环境、破坏资源或者景观的生产设施；禁止围湖造田、采砂取土。".into(),
            "禁止新设入湖排污口，现有排污口限期关闭；入湖河渠水质不低于地表水Ⅲ类；周边农田化肥农药施用量逐年削减。".into(),
            "建立湖区水质自动监测和预警体系；禁止运输危险化学品的车辆穿越保护区；防范外来物种入侵。".into(),
            "严格控制地下水开采，禁止新打自备井；保障引黄、引江生态补水，维持湖泊生态水位。".into(),
        ],
        UnitKind::Park => [
            "严格保护城市公园绿地，不得改变其用地性质；禁止建设与公园功能无关的建筑物、构筑物。".into(),
            "公园内餐饮、游乐设施污水纳入市政管网；禁止焚烧枯枝落叶和垃圾。".into(),
            "加强公园水体水质监测，防范游人活动引发的环境风险。".into(),
            "绿化灌溉优先使用再生水和雨水，禁止新打自备井。".into(),
        ],
        UnitKind::Corridor => [
            format!("生态保护红线内原则上禁止开发性、生产性建设活动；{river}河道管理范围内禁止新建、扩建与防洪和生态保护无关的项目；禁止围垦河道、非法采砂。"),
            "禁止向河道排放未达标污水；沿河村庄生活污水应收集处理；禁止在河滩地堆放固体废物。".into(),
            "加强沿河涉水企业环境风险排查，配备应急物资；禁止在河道管理范围内设置危险废物贮存场所。".into(),
            "保障河道生态流量；推进河岸生态林带建设，恢复河流生态廊道功能。".into(),
        ],
        UnitKind::Town => [
            format!(
                "{}城市建成区内现有重污染企业有序退城搬迁；禁止新建35蒸吨/小时以下燃煤锅炉。",
                if county.central { central_ban } else { "禁止新建钢铁、焦化、水泥、平板玻璃等产能过剩项目；" }
            ),
            format!("城镇生活污水集中收集处理，污水处理厂出水执行{}；加强施工扬尘和机动车尾气管控。", basin_standard(county)),
            "加强加油站、危险化学品储存场所环境风险管控；完善突发环境事件应急预案。".into(),
            format!("城区公共供水管网覆盖范围内禁止新打自备井，推进再生水利用；{water_end}"),
        ],
        UnitKind::Industry => [
            format!(
                "园区内新建项目应符合园区规划和规划环评要求；{}禁止引入不符合园区产业定位的项目。",
                if county.central { central_ban } else { "" }
            ),
            "企业废水经预处理后进入园区污水处理厂，实行主要污染物排放总量控制；涉挥发性有机物企业执行河北省工业企业挥发性有机物排放控制标准。".into(),
            "建立园区环境风险三级防控体系，涉危企业编制突发环境事件应急预案并备案；开展土壤和地下水污染隐患排查。".into(),
            format!("新建项目清洁生产水平达到国内先进；工业用水重复利用率不低于90%；{water_end}"),
        ],
        UnitKind::General => [
            format!(
                "落实生态环境保护基本要求，新建工业项目原则上进入工业园区；{}禁养区内禁止新建、扩建规模化畜禽养殖场。",
                if county.central { central_ban } else { "" }
            ),
            "推进农村生活污水和垃圾治理；规模化畜禽养殖场粪污综合利用率达到国家要求；化肥农药使用量负增长。".into(),
            "加强农用地土壤环境质量监测，受污染耕地实行安全利用；防范农药包装废弃物环境风险。".into(),
            if county.groundwater_east {
                format!("{water}推广节水灌溉，发展旱作雨养农业。")
            } else {
                format!("推广高效节水灌溉，农田灌溉水有效利用系数不低于0.67；{water_end}")
            },
        ],
    }
}
