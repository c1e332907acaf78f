-- Member numbers draw a running number from one sequence, so two unions never hand out the same.
CREATE SEQUENCE IF NOT EXISTS member_no_seq;
--> statement-breakpoint
-- The occupations of the front-line workers the care campaigns reach (DESIGN §4.2); admins add more.
INSERT INTO occupations (code, label, sort, builtin) VALUES
  ('sanitation', '环卫工人', 10, true),
  ('courier', '快递员', 20, true),
  ('delivery_rider', '外卖送餐员', 30, true),
  ('truck_driver', '货车司机', 40, true),
  ('ride_hailing_driver', '网约车司机', 50, true),
  ('construction', '建筑工人', 60, true),
  ('medical', '医护人员', 70, true),
  ('firefighter', '消防员', 80, true),
  ('bus_driver', '公交司机', 90, true),
  ('migrant_farmer', '农牧民工', 100, true),
  ('domestic', '家政服务员', 110, true),
  ('security', '保安员', 120, true),
  ('factory', '产业工人', 130, true),
  ('teacher', '教师', 140, true),
  ('public_sector', '机关事业单位人员', 150, true),
  ('other', '其他', 900, true)
ON CONFLICT (code) DO NOTHING;
