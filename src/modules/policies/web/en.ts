/** English for 政策参数, including the contract's parameter names, groups and units. */
import type { Dictionary } from '../../../web/i18n/locales.ts';

export const EN: Dictionary = {
  // Groups
  困难职工认定: 'Hardship assessment',
  帮扶标准: 'Assistance standards',
  疗休养: 'Recuperation',
  志愿服务: 'Volunteering',
  // Parameters
  城乡低保标准: 'Minimum living standard (dibao)',
  其他帮扶上限: 'Cap on other aid',
  '就业创业帮扶、法律援助每户每年各自累计不超过此金额；未设置时按 12 个月低保标准':
    'Employment aid and legal aid per household per year each stay within this amount; unset, 12 months of dibao',
  相对困难线倍数: 'Relative hardship multiplier',
  意外致困支出占比: 'Accidental hardship cost share',
  困难农民工最短务工年限: 'Minimum years in city for migrant workers',
  '生活救助月数上限（深度困难）': 'Living aid months cap (deep hardship)',
  '生活救助月数上限（其他困难）': 'Living aid months cap (other hardship)',
  医疗救助上限: 'Medical aid cap',
  '助学标准（大学生）': 'Study aid (university)',
  '助学标准（高中生）': 'Study aid (high school)',
  临时救助上限: 'Temporary relief cap',
  临时救助次数上限: 'Temporary relief times cap',
  脱困回访间隔: 'Follow-up interval after exit',
  疗休养补贴: 'Recuperation subsidy',
  疗休养间隔: 'Recuperation interval',
  评分分歧阈值: 'Score spread threshold',
  技能竞赛: 'Skills competitions',
  '同一选手的最高分与最低分之差超过此数时标记评分分歧，提请复核；未设置时按 10 分':
    'Judges disagree when an entry’s highest and lowest scores differ by more than this; flagged for review. 10 points when not set',
  志愿服务积分: 'Volunteer points',
  驿站巡查周期: 'Rest station inspection interval',
  '每个驿站两次巡查考核之间最多相隔的天数，超过即列入逾期未巡查；未设置时按 90 天':
    'Most days allowed between two inspections of a rest station; a station past it is listed as overdue. 90 days when not set',
  公示天数: 'Public notice days',
  大额帮扶复核线: 'Second sign-off above',
  // Units
  '元/人·月': 'yuan / person·month',
  倍低保: '× minimum living standard',
  年: 'years',
  '个月/年': 'months / year',
  '元/户·年': 'yuan / household·year',
  '个月低保/人·年': 'months of dibao / person·year',
  '元/人·年': 'yuan / person·year',
  '次/户·年': 'times / household·year',
  个月: 'months',
  '元/人': 'yuan / person',
  '分/小时': 'points / hour',
  天: 'days',
  '元/笔': 'yuan / record',
  // Descriptions
  '人均月收入低于此线为深度困难；用于相对困难线与生活救助的计算':
    'Monthly income per head below this line is deep hardship; also the base of the relative line and living aid',
  '人均月收入低于“低保标准 × 此倍数”为相对困难（常见为 2 倍）': 'Income per head below “dibao × this multiplier” is relative hardship (commonly 2×)',
  '当年刚性支出超过家庭收入的此比例（扣除保险与救助后）可认定意外致困':
    'Unavoidable costs above this share of household income (after insurance and relief) qualify as accidental hardship',
  在城镇务工满此年限的会员农民工可按困难农民工建档: 'Member migrant workers in town for this many years may be filed as hardship migrant workers',
  深度困难职工每年生活救助不超过此月数的低保金额: 'Yearly living aid for deep hardship is at most this many months of dibao',
  '相对困难、意外致困职工每年生活救助不超过此月数的低保金额': 'Yearly living aid for other hardship is at most this many months of dibao',
  每户每年医疗救助累计不超过此金额: 'Medical aid per household per year is at most this amount',
  '金秋助学：每名在读大学生每年不超过此月数的低保金额': 'Autumn study aid: per university student per year, at most this many months of dibao',
  '金秋助学：每名高中生每年不超过此月数的低保金额': 'Autumn study aid: per high-school student per year, at most this many months of dibao',
  每人每年临时救助累计不超过此金额: 'Temporary relief per person per year is at most this amount',
  '每户每年临时救助不超过此次数，且同一原因不重复救助': 'Temporary relief per household per year at most this many times, never twice for one cause',
  解困脱困后按此间隔安排回访: 'Follow-up visits after exit at this interval',
  每人每次疗休养补贴金额: 'Subsidy per person per recuperation trip',
  同一职工两次疗休养之间至少间隔的年数: 'Minimum years between two trips of one worker',
  '近此年数内未入选疗休养的职工按“近年未参加”权重加分；未设置时按 3 年':
    'Workers not selected for a trip within this many years earn the “no recent trip” points; 3 when not set',
  '疗休养评分：劳模': 'Recuperation score: model worker',
  '疗休养评分：每年会龄': 'Recuperation score: per year of membership',
  '疗休养评分：会龄计分上限': 'Recuperation score: membership years counted at most',
  '疗休养评分：一线和高危岗位': 'Recuperation score: front-line and hazardous jobs',
  '疗休养评分：新就业形态': 'Recuperation score: new forms of employment',
  '疗休养评分：近年未参加': 'Recuperation score: no recent trip',
  疗休养年龄上限: 'Recuperation age limit',
  疗休养公示天数: 'Recuperation notice days',
  分: 'points',
  '分/年': 'points / year',
  周岁: 'years of age',
  '档案有“劳模”标签的申请人加此分；未设置时按 30 分': 'Applicants whose record carries the 劳模 (model worker) tag earn these points; 30 when not set',
  '按入会年数每满一年加此分；未设置时按 1 分': 'Points per full year of union membership; 1 when not set',
  '会龄计分最多计此年数；未设置时按 30 年': 'Membership years counted at most this many; 30 when not set',
  '环卫、快递、外卖、货运、建筑、医护、消防、公交、农牧民工、保安等一线岗位加此分；未设置时按 20 分':
    'Front-line jobs (sanitation, couriers, delivery, trucking, construction, medical, firefighting, buses, migrant farm work, security) earn these points; 20 when not set',
  '用工形式为新就业形态的申请人加此分；未设置时按 15 分': 'Applicants in new forms of employment earn these points; 15 when not set',
  '近“疗休养间隔”年内未入选疗休养的申请人加此分；未设置时按 20 分':
    'Applicants not selected within the recuperation interval earn these points; 20 when not set',
  '出发日超过此年龄的职工不能申请或被推荐；未设置时按 60 周岁':
    'Workers older than this on the day of departure can neither apply nor be nominated; 60 when not set',
  '入选名单公示并接受异议的天数（自然日），期满方可确认；未设置时按 5 天':
    'Calendar days the selection list is publicly noticed and open to objection before it may be confirmed; 5 when not set',
  每小时经核实的志愿服务折算的积分: 'Points per verified volunteer hour',
  '困难职工建档公示至少持续的天数（自然日），期满方可审批建档；未设置时按 5 天（各地惯例为 5–7 个工作日）':
    'Calendar days a public notice lasts at least before the file may be approved; 5 when not set (local practice: 5–7 working days)',
  '单笔帮扶金额超过此数须由录入人以外、有审批权限的人复核后才发放并计入；未设置时按 5,000 元':
    'A record above this amount is paid and counted only once someone other than its recorder, with approval rights, signs it off; ¥5,000 when not set',
  宣讲点单: 'Lecture orders',
  宣讲排期路程速度: 'Lecture scheduling: travel speed',
  宣讲排期准备时间: 'Lecture scheduling: buffer',
  '公里/小时': 'km/h',
  分钟: 'minutes',
  '排期时按两地直线距离除以此速度估算主讲人或演出团队的路程时间；未设置时按 40 公里/小时':
    'Scheduling estimates a speaker’s or troupe’s travel as the straight-line distance at this speed; 40 km/h when not set',
  '同一主讲人或团队相邻两场之间，在路程时间之外另留的收拾与布置时间；未设置时按 30 分钟':
    'Time kept between two engagements of one speaker or troupe, beyond travel, to pack up and set up; 30 minutes when not set',
  // Page
  '各级工会按本地标准设定，下级未设置时沿用上级的值；自生效日期起适用':
    'Each union sets local values; below, the parent’s value applies unless set; values apply from their effective date',
  查看日期: 'As of',
  查找参数: 'Find a parameter',
  只看本级设置: 'Own values only',
  '{org} · {d} 适用的参数': 'Parameters of {org} as of {d}',
  没有符合条件的参数: 'No matching parameters',
  参数: 'Parameter',
  当前值: 'Current value',
  来源: 'Source',
  本级设置: 'Set here',
  继承: 'Inherited',
  '继承自 {org}': 'Inherited from {org}',
  未设置: 'Not set',
  待生效: 'Pending',
  '{n} 条待生效': '{n} pending',
  设置本级值: 'Set value',
  本级设置记录: 'Values set here',
  值: 'Value',
  依据或说明: 'Basis or note',
  录入人: 'Entered by',
  录入时间: 'Entered at',
  系统: 'System',
  现行: 'In force',
  已被替代: 'Superseded',
  撤回: 'Withdraw',
  '撤回该值？': 'Withdraw this value?',
  '撤回后，{d} 起将继续沿用原来的值': 'After withdrawal the previous value keeps applying from {d}',
  已撤回: 'Withdrawn',
  新值: 'New value',
  '自 {d} 起': 'from {d}',
  '以元为单位，最多两位小数': 'In yuan, at most two decimals',
  '以百分比填写，如 80 表示 80%': 'As a percentage: 80 means 80%',
  '已生效的值不能改写，只能以新的生效日期录入新值；尚未生效的可以撤回':
    'Values in force cannot be changed, only followed by a new value from a later date; pending values can be withdrawn',
  '如：内民政发〔2025〕12 号': 'e.g. the document number of the local rule',
  '已设置「{label}」，自 {d} 起生效': '“{label}” set, effective from {d}',
  '该日期的值已生效，请填写新的生效日期': 'The value of this date is in force; choose a new effective date',
  '该参数已经生效，不能撤回；如需调整请录入新的生效日期和新值': 'This value is in force and cannot be withdrawn; enter a new value with a new date instead',
  // 职工端登录
  职工端登录: 'Worker portal sign-in',
  验证码每分钟发送上限: 'Sign-in codes per minute',
  验证码每小时发送上限: 'Sign-in codes per hour',
  验证码每日发送上限: 'Sign-in codes per day',
  同一网络地址每小时验证码上限: 'Sign-in codes per network address per hour',
  全站每小时验证码上限: 'Sign-in codes per hour, whole site',
  身份核验每日次数上限: 'Identity checks per day',
  '条/手机号': 'codes / phone',
  '条/小时': 'codes / hour',
  '次/职工': 'times / worker',
  '同一手机号每分钟最多发送的登录验证码条数；未设置时按 1 条（不超过短信服务商的每号码限额）':
    'Sign-in codes sent to one phone per minute at most; unset, 1 (within the text-message provider’s limit per number)',
  '同一手机号每小时最多发送的登录验证码条数；未设置时按 5 条': 'Sign-in codes sent to one phone per hour at most; unset, 5',
  '同一手机号 24 小时内最多发送的登录验证码条数；未设置时按 10 条': 'Sign-in codes sent to one phone in 24 hours at most; unset, 10',
  '同一网络地址每小时最多请求的登录验证码条数（防止批量试探手机号）；未设置时按 20 条':
    'Sign-in codes one network address may ask for per hour (against probing many numbers); unset, 20',
  '全站每小时最多发送的登录验证码条数（防止短信费用被刷）；未设置时按 2,000 条':
    'Sign-in codes the whole site sends per hour at most (against running up the text-message bill); unset, 2,000',
  '职工以姓名和身份证号关联档案时，24 小时内最多可核验失败的次数；未设置时按 5 次':
    'Failed checks of name and ID number a worker may make in 24 hours when linking to their record; unset, 5',
  请填写参数值: 'Please enter a value',
  // 劳模待遇
  劳模待遇: 'Model workers’ benefits',
  '荣誉津贴：全国劳动模范': 'Honorary allowance: national model worker',
  '生活补助：全国劳动模范': 'Living allowance: national model worker',
  '享受待遇的全国劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Monthly honorary allowance of national model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '享受待遇的全国劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Yearly living allowance of national model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '荣誉津贴：全国先进工作者': 'Honorary allowance: national advanced worker',
  '生活补助：全国先进工作者': 'Living allowance: national advanced worker',
  '享受待遇的全国先进工作者每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Monthly honorary allowance of national advanced workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '享受待遇的全国先进工作者每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Yearly living allowance of national advanced workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '荣誉津贴：全国五一劳动奖章': 'Honorary allowance: national May Day Labour Medal',
  '生活补助：全国五一劳动奖章': 'Living allowance: national May Day Labour Medal',
  '享受待遇的全国五一劳动奖章每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Monthly honorary allowance of holders of the national May Day Labour Medal with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '享受待遇的全国五一劳动奖章每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Yearly living allowance of holders of the national May Day Labour Medal with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '荣誉津贴：省部级劳动模范': 'Honorary allowance: ministerial-level model worker',
  '生活补助：省部级劳动模范': 'Living allowance: ministerial-level model worker',
  '享受待遇的省部级劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Monthly honorary allowance of ministerial-level model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '享受待遇的省部级劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Yearly living allowance of ministerial-level model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '荣誉津贴：自治区（省）级劳动模范': 'Honorary allowance: provincial-level model worker',
  '生活补助：自治区（省）级劳动模范': 'Living allowance: provincial-level model worker',
  '享受待遇的自治区（省）级劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Monthly honorary allowance of provincial-level model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '享受待遇的自治区（省）级劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Yearly living allowance of provincial-level model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '荣誉津贴：盟市级劳动模范': 'Honorary allowance: city-level model worker',
  '生活补助：盟市级劳动模范': 'Living allowance: city-level model worker',
  '享受待遇的盟市级劳动模范每月的荣誉津贴；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Monthly honorary allowance of city-level model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  '享受待遇的盟市级劳动模范每年的生活补助；未设置则不发放。一人有多项荣誉的，按标准最高的一项发放':
    'Yearly living allowance of city-level model workers with benefits; none is paid while unset. A person with several honours is paid for the highest',
  重点关爱年龄: 'Priority care age',
  重点关爱走访间隔: 'Priority care visit interval',
  '达到此年龄的劳模列入重点关爱名单；未设置时按 80 周岁': 'Model workers of this age or older are on the priority care list; 80 when not set',
  '重点关爱的劳模超过此天数没有走访、看望或慰问即列为待走访；未设置时按 90 天':
    'A model worker on the priority list with no visit for more than this many days is due a visit; 90 days when not set',
  互助保障: 'Mutual aid',
  大额互助金线: 'Large mutual-aid payout threshold',
  '元/次': 'yuan per claim',
  '一次审批给付达到此金额的互助金申请，将职工及其家庭推送到困难职工帮扶的主动发现线索；未设置则不推送':
    'A mutual-aid claim approved at this amount or more proposes the worker and household to the hardship discovery queue; nothing is proposed while unset',
};
