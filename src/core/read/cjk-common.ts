/**
 * The ~300 most frequent Han characters of government work reports, counted over ../shared/corpus (they
 * cover 77% of its Han characters), and their traditional forms (OpenCC "t" and "tw" variants). A wrong
 * decoding scatters characters over the whole repertoire, so the share of these tells encodings apart.
 */
export const COMMON_SIMPLIFIED =
  "业的建和发展进工大化全加实新设力区政推中产人市国一动作生成强务城民高保提持项增资改等年会企体制重地创" +
  "经社施完开目平入行合面能理好农公家服快基以济要造水点治有上为度用万个主不元心坚现在育长深续升投机村善" +
  "支技定管优质科三出程到亿府规方量效各稳级对代革是性共策步系商法文场安部事品学环做金域活落教标分我引积" +
  "态群本园收领防路同融划构办决省小通总结更关障就集利境期乡放源多极计促位达范导镇五众向立抓了整外医四二" +
  "道任批型打准自护监内战下费精得题健营特扩解统应供培信确与居口海运老调十转协流综风党色专物明断继时台础" +
  "问险际数率干才电交网严突式取游前第争均养件线旅们权局联控委财次难格房招类切绿贫户县研术模表排及节求过";

export const COMMON_TRADITIONAL =
  "業的建和發展進工大化全加實新設力區政推中產人市國一動作生成強務城民高保提持項增資改等年會企體制重地創" +
  "經社施完開目平入行合面能理好農公家服快基以濟要造水點治有上爲為度用萬個主不元心堅現在育長深續升投機村" +
  "善支技定管優質科三出程到億府規方量效各穩級對代革是性共策步系商法文場安部事品學環做金域活落教標分我引" +
  "積態羣群本園收領防路同融劃構辦決省小通總結更關障就集利境期鄉放源多極計促位達範導鎮五衆眾向立抓了整外" +
  "醫四二道任批型打準自護監內戰下費精得題健營特擴解統應供培信確與居口海運老調十轉協流綜風黨色專物明斷繼" +
  "時臺礎問險際數率幹才電交網嚴突式取遊前第爭均養件線旅們權局聯控委財次難格房招類切綠貧戶縣研術模表排及" +
  "節求過";

/** Full-width punctuation both scripts use constantly; a wrong decoding rarely produces it. */
export const COMMON_PUNCTUATION = "，。、；：？！“”‘’（）《》【】—…·「」『』";
