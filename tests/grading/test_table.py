"""The grading table: what a fair teacher accepts, calls almost, or marks wrong.

Each row is (what the learner typed, the accepted answers, the question's own words,
the outcome). The issue's examples are all here; the rest probe each rule's edges.
"""

from __future__ import annotations

import pytest

from quizapp.grading import Outcome, Verdict, judge_answer, judge_text
from quizapp.models import Fact, Question

R, A, W = Outcome.CORRECT, Outcome.ALMOST, Outcome.WRONG

COUNT = ["34,000", "34000", "34 000"]
COUNT_Q = (
    "Roughly how many North Koreans who escaped to the South does Defectors' Day honour? "
    "The day honours the roughly 34,000 North Koreans who have escaped."
)
DATE = ["14 July", "July 14", "14 July 2024"]
DATE_Q = "On what date is North Korean Defectors' Day marked each year?"
USA = ["the United States", "United States", "US", "USA", "U.S."]
USA_Q = "Which country began talks with South Korea in June 2024?"
YOON = ["Yoon Suk Yeol", "Yoon Suk-yeol", "Yoon Seok-youl", "Yoon Seok-yeol"]
YOON_Q = "Which South Korean president promised bigger resettlement funds?"
KIM = ["Kim Yo Jong", "Kim Yo-jong"]
KIM_Q = "Which relative of Kim Jong Un warned South Korea over leaflets?"
WEEKS = ["12"]
WEEKS_Q = "How many weeks does the resettlement course at Hanawon last?"
YEAR = ["2006"]
YEAR_Q = "In which year did Park Daehyeon flee North Korea?"
HARDSHIP = ["financial hardship"]
HARDSHIP_Q = "What kind of hardship do many defectors face?"
TRASH = ["trash", "rubbish", "garbage"]
TRASH_Q = "The North's balloons were filled with what?"
VENUE = ["Dongdaemun Design Plaza", "DDP"]
VENUE_Q = "At which Seoul venue did the defectors gather?"
CITY = ["Seoul"]
CITY_Q = "In which city was the plaza?"
MILLION = ["3,400,000"]
MILLION_Q = "How many people live there?"
KIM_JONG_UN = ["Kim Jong Un", "Kim Jong-un"]
RULE_Q = "The celebration marked independence from whose rule?"
WOORION = ["Woorion"]
WOORION_Q = "What is the name of the non-profit Park Daehyeon founded?"
PARK = ["Park Daehyeon", "Park Dae-hyeon"]
PARK_Q = "Which defector founded Woorion?"
PRICE = ["a very high price"]
PRICE_Q = "What did Kim Yo Jong say South Korea should be ready to pay?"
HUNDREDS = ["hundreds"]
HUNDREDS_Q = "How many defectors gathered at the plaza?"
SUNDAY = ["Sunday"]
SUNDAY_Q = "On which day of the week was the first Defectors' Day held?"
PYONGYANG = ["Pyongyang", "Pyŏngyang"]
PYONGYANG_Q = "Which city does the story name for the North's rule?"

ESCAPED_Q = (
    "About   North Koreans have escaped and resettled in South Korea, and the day honours "
    "them. The day honours the roughly 34,000 North Koreans who have escaped to begin new "
    "lives in South Korea."
)
FIRST_DAY = ["2024"]
FIRST_DAY_Q = (
    "In which year did South Korea hold its first North Korean Defectors' Day? South Korea "
    "celebrated North Korean Defectors' Day for the first time in 2024."
)
DATE_STATEMENT_Q = f"{DATE_Q} Defectors' Day is set for 14 July every year."
CELSIUS = ["100"]
CELSIUS_Q = "What temperature does water boil at in Celsius?"
PERCENT = ["71%"]
PERCENT_Q = "What percentage of Earth's surface is covered by water?"
WAR_END = ["1945"]
WAR_END_Q = "In what year did the Second World War end?"
HOURS = ["1.5"]
HOURS_Q = "How many hours does the ceremony last?"
PI = ["3.14"]
PI_Q = "What is pi to two decimal places?"
PERCEPTIONS = ["perceptions of defectors", "how people see defectors", "perceptions"]
PERCEPTIONS_Q = "What do activists hope Defectors' Day will help change?"
CAPITAL_Q = (
    "The article says the defectors escaped the rule of which city, North Korea's capital? "
    "The article describes the defectors as having escaped the harsh rule of Pyongyang."
)
CNN = ["CNN", "Cable News Network"]
CNN_Q = "Which news network's report does this article cite?"
CELEBRATE = ["celebrate it", "celebrate", "celebrate the day", "mark it"]
CELEBRATE_Q = (
    "What did Park Daehyeon say everyone should do about Defectors' Day? Park Daehyeon "
    "said the day is one that all of us should celebrate."
)
LINCOLN = ["Abraham Lincoln"]
LINCOLN_Q = "Which president signed the Emancipation Proclamation?"
WASHINGTON = ["George Washington"]
WASHINGTON_Q = "Name the first president of the USA"
MOON = ["Moon Jae-in"]
MOON_Q = "Which South Korean president met Kim Jong Un in 2018?"

# The shipped bank's own statements, which a learner may echo around the answer.
ECHO_CAPITAL_Q = (
    "The article says the defectors escaped the rule of which city, North Korea's capital? "
    "The article describes the defectors as having escaped the harsh rule of Pyongyang, "
    "North Korea's capital."
)
ECHO_VENUE_Q = (
    f"{VENUE_Q} The defectors came together for the celebration at Seoul's Dongdaemun Design Plaza."
)
ECHO_KIM_Q = f"{KIM_Q} The leader's sister Kim Yo Jong warned South Korea."
APPOSITION_Q = f"{KIM_Q} Kim Yo Jong, Kim Jong Un's sister, gave South Korea a stern warning."
LIST_Q = (
    "Which city did she leave last? She lived in Kaesong, Wonsan and Pyongyang, then in "
    "Hamhung, Sinuiju and Chongjin."
)

PLURAL_NOTE = "singular or plural does not matter"

# A count given as a comparison ("34,000+"), as a teacher may write "more than 34,000".
MORE = ["34,000+"]
MORE_WORDS = ["more than 34,000"]
LESS_WORDS = ["less than 1,000"]
AT_LEAST = ["at least 34,000"]
AT_MOST = ["at most 1,000"]

ROWS = [
    # --- numbers: hedges before and after ---
    ("34,000", COUNT, COUNT_Q, R),
    ("34000", COUNT, COUNT_Q, R),
    ("34 000", COUNT, COUNT_Q, R),
    ("34.000", COUNT, COUNT_Q, W),
    ("approximately 34,000", COUNT, COUNT_Q, R),
    ("roughly 34000", COUNT, COUNT_Q, R),
    ("about 34,000", COUNT, COUNT_Q, R),
    ("around 34,000", COUNT, COUNT_Q, R),
    ("nearly 34,000", COUNT, COUNT_Q, R),
    ("some 34,000", COUNT, COUNT_Q, R),
    ("approx. 34,000", COUNT, COUNT_Q, R),
    ("34,000 or so", COUNT, COUNT_Q, R),
    ("34,000 approximately", COUNT, COUNT_Q, R),
    ("34,000 approx", COUNT, COUNT_Q, R),
    ("34,000 approx.", COUNT, COUNT_Q, R),
    ("about 34,000 in total", COUNT, COUNT_Q, R),
    ("almost 34,000", COUNT, COUNT_Q, R),
    # a comparison says something else than the number, however it is written
    ("34,000+", COUNT, COUNT_Q, W),
    ("34000+ defectors", COUNT, COUNT_Q, W),
    # --- numbers: their own unit or head noun ---
    ("34,000 defectors", COUNT, COUNT_Q, R),
    ("34,000 North Koreans", COUNT, COUNT_Q, R),
    ("about 34,000 North Korean defectors", COUNT, COUNT_Q, R),
    ("34,000 people", COUNT, COUNT_Q, R),
    ("34,000 dollars", COUNT, COUNT_Q, W),
    ("34,000 soldiers", COUNT, COUNT_Q, W),
    ("12 weeks", WEEKS, WEEKS_Q, R),
    ("12 week", WEEKS, WEEKS_Q, R),
    ("about 12 weeks", WEEKS, WEEKS_Q, R),
    ("twelve weeks", WEEKS, WEEKS_Q, R),
    ("12 days", WEEKS, WEEKS_Q, W),
    ("12 months", WEEKS, WEEKS_Q, W),
    ("13 weeks", WEEKS, WEEKS_Q, W),
    # --- a noun naming what is counted, whatever words the question happens to use ---
    ("34,000 defectors", COUNT, ESCAPED_Q, R),
    ("about 34,000 defectors", COUNT, ESCAPED_Q, R),
    ("34000 defectors", COUNT, ESCAPED_Q, R),
    ("34 000 defectors", COUNT, ESCAPED_Q, R),
    ("34,000 refugees", COUNT, ESCAPED_Q, R),
    ("34,000 escapees", COUNT, ESCAPED_Q, R),
    ("34,000 people", COUNT, ESCAPED_Q, R),
    ("34,000 North Koreans", COUNT, ESCAPED_Q, R),
    ("34,000 North Korean refugees", COUNT, ESCAPED_Q, R),
    ("approximately 34,000 defectors", COUNT, COUNT_Q, R),
    ("34,000 refugees", COUNT, COUNT_Q, R),
    ("34,000 defectors from North Korea", COUNT, ESCAPED_Q, R),
    ("34,000 people from the North", COUNT, COUNT_Q, R),
    ("34,000 soldiers from North Korea", COUNT, ESCAPED_Q, W),
    ("34,000 defectors from Japan", COUNT, COUNT_Q, W),
    ("34,000 from the North", COUNT, COUNT_Q, W),
    ("35,000 defectors", COUNT, ESCAPED_Q, W),
    ("34,000 or 24,000 defectors", COUNT, ESCAPED_Q, W),
    ("34,000 soldiers", COUNT, ESCAPED_Q, W),
    ("34,000 years", COUNT, ESCAPED_Q, W),
    ("34,000 days", COUNT, COUNT_Q, W),
    ("34,000 km", COUNT, ESCAPED_Q, W),
    ("34,000 July", COUNT, ESCAPED_Q, W),
    ("more than 34,000", COUNT, ESCAPED_Q, W),
    ("8 legs", ["8"], "How many legs does a spider have?", R),
    ("8 people", ["8"], "How many legs does a spider have?", W),
    # --- units of measure: the answer's own, or the one the question names ---
    ("100°C", CELSIUS, CELSIUS_Q, R),
    ("100 °C", CELSIUS, CELSIUS_Q, R),
    ("100 C", CELSIUS, CELSIUS_Q, R),
    ("100 degrees", CELSIUS, CELSIUS_Q, R),
    ("100 degrees Celsius", CELSIUS, CELSIUS_Q, R),
    ("one hundred degrees", CELSIUS, CELSIUS_Q, R),
    ("100 F", CELSIUS, CELSIUS_Q, W),
    ("100 degrees Fahrenheit", CELSIUS, CELSIUS_Q, W),
    ("212", CELSIUS, CELSIUS_Q, W),
    ("100 km", CELSIUS, CELSIUS_Q, W),
    ("71 percent", PERCENT, PERCENT_Q, R),
    ("71 per cent", PERCENT, PERCENT_Q, R),
    ("71%", PERCENT, PERCENT_Q, R),
    ("71", PERCENT, PERCENT_Q, R),
    ("seventy-one percent", PERCENT, PERCENT_Q, R),
    ("71 percent", PERCENT, "How much of the Earth is covered by water?", R),
    ("72 percent", PERCENT, PERCENT_Q, W),
    ("71 degrees", PERCENT, PERCENT_Q, W),
    ("300,000 km/s", ["300,000"], "What is the speed of light in km/s?", R),
    ("300000 km per second", ["300,000"], "What is the speed of light in km/s?", R),
    ("300000 miles per second", ["300,000"], "What is the speed of light in km/s?", W),
    # --- numbers in words and mixed ---
    ("thirty-four thousand", COUNT, COUNT_Q, R),
    ("thirty four thousand", COUNT, COUNT_Q, R),
    ("Thirty-Four Thousand", COUNT, COUNT_Q, R),
    ("34 thousand", COUNT, COUNT_Q, R),
    ("34k", COUNT, COUNT_Q, R),
    ("34K", COUNT, COUNT_Q, R),
    ("34 k", COUNT, COUNT_Q, R),
    ("about thirty-four thousand defectors", COUNT, COUNT_Q, R),
    ("34.0 thousand", COUNT, COUNT_Q, R),
    ("thirty-three thousand", COUNT, COUNT_Q, W),
    ("forty-three thousand", COUNT, COUNT_Q, W),
    ("34 hundred", COUNT, COUNT_Q, W),
    ("3.4 million", MILLION, MILLION_Q, R),
    ("3,400,000", MILLION, MILLION_Q, R),
    ("three point four million", MILLION, MILLION_Q, W),
    ("3.4 million", ["3,412,000"], MILLION_Q, W),
    ("3.41 million", MILLION, MILLION_Q, W),
    ("3.4 billion", MILLION, MILLION_Q, W),
    ("one hundred and five", ["105"], "How many?", R),
    ("a hundred and five", ["105"], "How many?", R),
    ("twelve", WEEKS, WEEKS_Q, R),
    ("nineteen forty-five", WAR_END, WAR_END_Q, R),
    ("in nineteen forty five", WAR_END, WAR_END_Q, R),
    ("nineteen forty-six", WAR_END, WAR_END_Q, W),
    ("nineteen forty-five", ["64"], "How many?", W),
    ("twenty twenty-four", FIRST_DAY, FIRST_DAY_Q, R),
    ("one and a half", HOURS, HOURS_Q, R),
    ("1.50", HOURS, HOURS_Q, R),
    ("1,5", HOURS, HOURS_Q, R),
    ("two and a half", HOURS, HOURS_Q, W),
    ("15", HOURS, HOURS_Q, W),
    ("1.05", HOURS, HOURS_Q, W),
    ("one and two", HOURS, HOURS_Q, W),
    ("3.140", PI, PI_Q, R),
    ("3.1400", PI, PI_Q, R),
    ("3.14", ["3.140"], PI_Q, R),
    ("3.1", PI, PI_Q, W),
    ("3.41", PI, PI_Q, W),
    ("8.0", ["8"], "How many legs does a spider have?", R),
    # --- numbers never get typo tolerance ---
    ("34001", COUNT, COUNT_Q, W),
    ("340,000", COUNT, COUNT_Q, W),
    ("3,400", COUNT, COUNT_Q, W),
    ("43,000", COUNT, COUNT_Q, W),
    ("2005", YEAR, YEAR_Q, W),
    ("2060", YEAR, YEAR_Q, W),
    # --- two candidates are wrong ---
    ("34,000 or 24,000", COUNT, COUNT_Q, W),
    ("24,000 or 34,000", COUNT, COUNT_Q, W),
    ("34,000 and 43,000", COUNT, COUNT_Q, W),
    ("Seoul or Busan", CITY, CITY_Q, W),
    ("Busan or Seoul", CITY, CITY_Q, W),
    ("Seoul/Busan", CITY, CITY_Q, W),
    ("Yoon or Moon", YOON, YOON_Q, W),
    ("2006 or 2007", YEAR, YEAR_Q, W),
    # --- years: the year, in ---
    ("2006", YEAR, YEAR_Q, R),
    ("in 2006", YEAR, YEAR_Q, R),
    ("the year 2006", YEAR, YEAR_Q, R),
    ("in the year 2006", YEAR, YEAR_Q, R),
    ("year 2006", YEAR, YEAR_Q, R),
    ("around 2006", YEAR, YEAR_Q, R),
    ("two thousand and six", YEAR, YEAR_Q, R),
    ("2006 AD", YEAR, YEAR_Q, R),
    ("AD 2006", YEAR, YEAR_Q, R),
    ("in AD 2006", YEAR, YEAR_Q, R),
    ("CE 2006", YEAR, YEAR_Q, R),
    ("AD 2007", YEAR, YEAR_Q, W),
    ("2024", FIRST_DAY, FIRST_DAY_Q, R),
    ("in 2024", FIRST_DAY, FIRST_DAY_Q, R),
    ("the year 2024", FIRST_DAY, FIRST_DAY_Q, R),
    # a year is not a count: what is counted after it makes the answer something else
    ("2024 defectors", FIRST_DAY, FIRST_DAY_Q, W),
    ("2024 years", FIRST_DAY, FIRST_DAY_Q, W),
    ("2006 people", YEAR, YEAR_Q, W),
    ("2006 defectors", YEAR, YEAR_Q, W),
    ("2024 July", FIRST_DAY, FIRST_DAY_Q, W),
    # Korean counters after a right number: 년 (year) after a year, 명 (people) after a
    # count of people; another counter (개, things) makes it something else.
    ("2024년", FIRST_DAY, FIRST_DAY_Q, R),
    ("34,000명", COUNT, COUNT_Q, R),
    ("34,000 명", COUNT, COUNT_Q, R),
    ("34,000개", COUNT, COUNT_Q, W),
    # Korean units of measure, written onto the number or apart, as their English names: a
    # Korean learner's "12주" (weeks) or "3시간" (hours) is right where "12 weeks" is.
    ("12주", WEEKS, WEEKS_Q, R),
    ("12 주", WEEKS, WEEKS_Q, R),
    ("12일", WEEKS, WEEKS_Q, W),  # days, not weeks
    ("1.5시간", HOURS, HOURS_Q, R),
    ("1.5분", HOURS, HOURS_Q, W),  # minutes, not hours
    ("71퍼센트", PERCENT, PERCENT_Q, R),
    ("71 프로", PERCENT, PERCENT_Q, R),  # "percent" as it is said
    ("71도", PERCENT, PERCENT_Q, W),  # degrees, not a percentage
    ("34,000일", COUNT, COUNT_Q, W),
    ("12주일", WEEKS, WEEKS_Q, R),  # "weeks", as it is also written
    # A date written the Korean way, month first with its counters: 7월 14일 is 14 July.
    ("7월 14일", DATE, DATE_Q, R),
    ("7월14일", DATE, DATE_Q, R),
    ("2024년 7월 14일", DATE, DATE_Q, R),
    ("7월 15일", DATE, DATE_Q, W),
    ("14월 7일", DATE, DATE_Q, W),
    # Korean numerals in myriads: 만 10,000, 천 1,000, 백 100, 십 10, with digits or Hangul
    # digits before each; the number must still be exact.
    ("3만 4천명", COUNT, COUNT_Q, R),
    ("3만4천", COUNT, COUNT_Q, R),
    ("3만 4천 명", COUNT, COUNT_Q, R),
    ("삼만 사천 명", COUNT, COUNT_Q, R),
    ("삼만사천", COUNT, COUNT_Q, R),
    ("3.4만 명", COUNT, COUNT_Q, R),
    ("3만 3천", COUNT, COUNT_Q, W),
    ("3만 3천명", COUNT, COUNT_Q, W),
    ("4만 3천", COUNT, COUNT_Q, W),
    ("3만 4천 1", COUNT, COUNT_Q, W),
    ("3만 4백", COUNT, COUNT_Q, W),
    ("34만", COUNT, COUNT_Q, W),
    ("3천 4백", COUNT, COUNT_Q, W),
    ("삼만 삼천", COUNT, COUNT_Q, W),
    ("3만 4천개", COUNT, COUNT_Q, W),
    ("천 3만", COUNT, COUNT_Q, W),
    ("3,400,000", ["340만"], MILLION_Q, R),
    ("3백40만", ["3,400,000"], MILLION_Q, R),
    ("3백만", ["3,400,000"], MILLION_Q, W),
    # --- dates: any common form of the same day and month ---
    ("14 July", DATE, DATE_Q, R),
    ("July 14", DATE, DATE_Q, R),
    ("14 July 2024", DATE, DATE_Q, R),
    ("July 14, 2024", DATE, DATE_Q, R),
    ("July 14th", DATE, DATE_Q, R),
    ("July 14th, 2024", DATE, DATE_Q, R),
    ("14th July", DATE, DATE_Q, R),
    ("the 14th of July", DATE, DATE_Q, R),
    ("the 14th of July 2024", DATE, DATE_Q, R),
    ("on the 14th of July", DATE, DATE_Q, R),
    ("on 14 July", DATE, DATE_Q, R),
    ("14 Jul", DATE, DATE_Q, R),
    ("Jul. 14", DATE, DATE_Q, R),
    ("14/7", DATE, DATE_Q, R),
    ("14/07", DATE, DATE_Q, R),
    ("7/14", DATE, DATE_Q, R),
    ("07/14/2024", DATE, DATE_Q, R),
    ("14/07/2024", DATE, DATE_Q, R),
    ("14/7/24", DATE, DATE_Q, R),
    ("2024-07-14", DATE, DATE_Q, R),
    ("JULY 14TH", DATE, DATE_Q, R),
    ("14 July 2023", DATE, DATE_Q, W),
    ("14/7/2023", DATE, DATE_Q, W),
    ("15 July", DATE, DATE_Q, W),
    ("14 June", DATE, DATE_Q, W),
    ("7/15", DATE, DATE_Q, W),
    ("14/8", DATE, DATE_Q, W),
    ("July", DATE, DATE_Q, W),
    ("14", DATE, DATE_Q, W),
    ("Sunday", DATE, DATE_Q, W),
    # a day without its month is half a date, however the day is written
    ("14th", DATE, DATE_Q, W),
    ("the 14th", DATE, DATE_Q, W),
    ("on the 14th", DATE, DATE_Q, W),
    ("14", DATE, DATE_STATEMENT_Q, W),
    ("14th", DATE, DATE_STATEMENT_Q, W),
    ("the 14th", DATE, DATE_STATEMENT_Q, W),
    ("July fourteenth", DATE, DATE_Q, R),
    ("fourteenth of July", DATE, DATE_Q, R),
    ("the fourteenth of July", DATE, DATE_Q, R),
    ("July the fourteenth", DATE, DATE_Q, R),
    ("fourteenth July 2024", DATE, DATE_Q, R),
    ("fifteenth of July", DATE, DATE_Q, W),
    ("fourteenth of June", DATE, DATE_Q, W),
    ("twenty-first of July", ["21 July"], DATE_Q, R),
    ("July twenty first", ["21 July"], DATE_Q, R),
    ("14 days", DATE, DATE_Q, W),
    ("14th of July every year", DATE, DATE_Q, R),
    ("every 14 July", DATE, DATE_Q, R),
    ("14 July each year", DATE, DATE_Q, R),
    ("every 15 July", DATE, DATE_Q, W),
    ("5/6", ["5 June"], DATE_Q, W),
    ("6 May", ["6 May"], DATE_Q, R),
    ("May 6th", ["6 May"], DATE_Q, R),
    ("20 July 1969", ["20 July 1969"], "When did Apollo 11 land?", R),
    ("20 July", ["20 July 1969"], "When did Apollo 11 land?", R),
    ("July 20, 1968", ["20 July 1969"], "When did Apollo 11 land?", W),
    # --- articles and titles before names ---
    ("the USA", USA, USA_Q, R),
    ("USA", USA, USA_Q, R),
    ("The U.S.A.", USA, USA_Q, R),
    ("the US", USA, USA_Q, R),
    ("United States", USA, USA_Q, R),
    ("the united states of america", USA, USA_Q, W),
    ("Japan", USA, USA_Q, W),
    ("the UK", USA, USA_Q, W),
    ("President Yoon Suk Yeol", YOON, YOON_Q, R),
    ("Mr Yoon Suk Yeol", YOON, YOON_Q, R),
    ("Mr. Yoon Suk Yeol", YOON, YOON_Q, R),
    ("Yoon Suk Yeol", YOON, YOON_Q, R),
    ("Ms Kim Yo Jong", KIM, KIM_Q, R),
    ("the Dongdaemun Design Plaza", VENUE, VENUE_Q, R),
    ("at the Dongdaemun Design Plaza", VENUE, VENUE_Q, R),
    ("in Seoul", CITY, CITY_Q, R),
    ("at Seoul", CITY, CITY_Q, R),
    ("a very high price", PRICE, PRICE_Q, R),
    ("very high price", PRICE, PRICE_Q, R),
    ("a very low price", PRICE, PRICE_Q, W),
    # --- romanised names: spacing and hyphens ---
    ("Yoon Suk-yeol", YOON, YOON_Q, R),
    ("Yoon Sukyeol", YOON, YOON_Q, R),
    ("Yoon Suk-Yeol", YOON, YOON_Q, R),
    ("YoonSukYeol", YOON, YOON_Q, R),
    ("Yoon Seok-youl", YOON, YOON_Q, R),
    ("Yoon Seokyeol", YOON, YOON_Q, R),
    ("Kim Yo-jong", KIM, KIM_Q, R),
    ("Kimyojong", KIM, KIM_Q, R),
    ("Kim Yojong", KIM, KIM_Q, R),
    ("Kim Jong-un", KIM_JONG_UN, RULE_Q, R),
    ("Kim Jongun", KIM_JONG_UN, RULE_Q, R),
    ("Kim Jong Un's", KIM_JONG_UN, RULE_Q, R),
    ("Park Dae-hyeon", PARK, PARK_Q, R),
    ("Park Dae Hyeon", PARK, PARK_Q, R),
    ("Woori-on", WOORION, WOORION_Q, R),
    ("Pyŏngyang", PYONGYANG, PYONGYANG_Q, R),
    ("PYONGYANG", PYONGYANG, PYONGYANG_Q, R),
    # --- around a name: a title before it, a head noun the question uses around it ---
    ("leader Kim Jong Un", KIM_JONG_UN, RULE_Q, R),
    ("Supreme Leader Kim Jong Un", KIM_JONG_UN, RULE_Q, R),
    ("Chairman Kim Jong-un", KIM_JONG_UN, RULE_Q, R),
    ("General Secretary Kim Jong Un", KIM_JONG_UN, RULE_Q, R),
    ("the Supreme Leader Kim Jongun", KIM_JONG_UN, RULE_Q, R),
    ("Supreme Leader Kim Jong Ung", KIM_JONG_UN, RULE_Q, A),
    ("Supreme Leader Kim Yo Jong", KIM_JONG_UN, RULE_Q, W),
    ("Supreme Leader Kim Il Sung", KIM_JONG_UN, RULE_Q, W),
    ("Supreme Leader", KIM_JONG_UN, RULE_Q, W),
    ("leader Kim", KIM_JONG_UN, RULE_Q, W),
    ("Pyongyang city", PYONGYANG, PYONGYANG_Q, R),
    ("the city of Pyongyang", PYONGYANG, PYONGYANG_Q, R),
    ("city of Pyongyang", PYONGYANG, PYONGYANG_Q, R),
    ("Pyong-yang city", PYONGYANG, PYONGYANG_Q, R),
    ("Pyongyan city", PYONGYANG, PYONGYANG_Q, A),
    ("Pyongyang city", PYONGYANG, CAPITAL_Q, R),
    ("the capital Pyongyang", PYONGYANG, CAPITAL_Q, R),
    ("Pyongyang, the capital city", PYONGYANG, CAPITAL_Q, R),
    ("Seoul city", PYONGYANG, PYONGYANG_Q, W),
    ("the city of Seoul", PYONGYANG, PYONGYANG_Q, W),
    ("Seoul, the capital", PYONGYANG, CAPITAL_Q, W),
    ("the city of Pyongyang or Seoul", PYONGYANG, PYONGYANG_Q, W),
    ("Pyongyang city or Seoul city", PYONGYANG, PYONGYANG_Q, W),
    ("Pyongyang Seoul", PYONGYANG, PYONGYANG_Q, W),
    ("Pyongyang country", PYONGYANG, PYONGYANG_Q, W),
    ("Pyongyang province", PYONGYANG, CAPITAL_Q, W),
    # The story's own words around a name: an echo adds nothing; a list names two.
    ("Pyongyang, North Korea", PYONGYANG, ECHO_CAPITAL_Q, R),
    ("Pyongyang North Korea", PYONGYANG, ECHO_CAPITAL_Q, R),
    ("Pyongyang, North Korea's capital", PYONGYANG, ECHO_CAPITAL_Q, R),
    ("Pyongyang, South Korea", PYONGYANG, ECHO_CAPITAL_Q, W),
    ("Pyongyang, North Korea", PYONGYANG, PYONGYANG_Q, W),
    ("Seoul, North Korea", PYONGYANG, ECHO_CAPITAL_Q, W),
    ("Seoul's Dongdaemun Design Plaza", VENUE, ECHO_VENUE_Q, R),
    ("Busan's Dongdaemun Design Plaza", VENUE, ECHO_VENUE_Q, W),
    ("the leader's sister Kim Yo Jong", KIM, ECHO_KIM_Q, R),
    ("Kim Yo Jong, Kim Jong Un", KIM, ECHO_KIM_Q, W),
    ("Kim Yo Jong Un", KIM, ECHO_KIM_Q, W),
    ("Kim Yo Jong, Kim Jong Un's sister", KIM, APPOSITION_Q, R),
    ("Kim Yo Jong, Kim Jong Un", KIM, APPOSITION_Q, W),
    ("Hamhung, Sinuiju", ["Hamhung"], LIST_Q, W),
    ("Kaesong, Wonsan", ["Kaesong"], LIST_Q, W),
    ("Wonsan and Pyongyang", PYONGYANG, LIST_Q, W),
    ("Pyongyang Hamhung", PYONGYANG, LIST_Q, W),
    ("Sinuiju, Chongjin", ["Chongjin"], LIST_Q, W),
    ("Sinuiju Chongjin", ["Chongjin"], LIST_Q, W),
    ("Seoul city", CITY, CITY_Q, R),
    ("Busan city", CITY, CITY_Q, W),
    ("Woorion non-profit", WOORION, WOORION_Q, R),
    ("Woorion nonprofit", WOORION, WOORION_Q, R),
    ("the non-profit Woorion", WOORION, WOORION_Q, R),
    ("Hanawon non-profit", WOORION, WOORION_Q, W),
    ("Woorion Hanawon", WOORION, WOORION_Q, W),
    ("CNN news", CNN, CNN_Q, R),
    ("CNN news network", CNN, CNN_Q, R),
    ("the CNN network", CNN, CNN_Q, R),
    ("BBC news", CNN, CNN_Q, W),
    ("CNN BBC", CNN, CNN_Q, W),
    ("CNN and BBC news", CNN, CNN_Q, W),
    ("CNN newspaper", CNN, CNN_Q, W),
    ("Dongdaemun Design Plaza venue", VENUE, VENUE_Q, R),
    ("very high price city", PRICE, "Which city pays what price?", W),
    # --- family name only when the question asks for a president ---
    ("Yoon", YOON, YOON_Q, R),
    ("President Yoon", YOON, YOON_Q, R),
    ("Moon", YOON, YOON_Q, W),
    ("Moon Jae-in", YOON, YOON_Q, W),
    ("Suk Yeol", YOON, YOON_Q, W),
    ("Kim", KIM, KIM_Q, W),
    ("Park", PARK, PARK_Q, W),
    ("tax", ["tax benefits"], "What did President Yoon offer employers?", W),
    ("Yoon", YOON, "Who promised funds as president?", W),
    ("Yeol", YOON, YOON_Q, W),
    ("Suk-yeol", YOON, YOON_Q, W),
    # the family name in Western order is the last word ("Lincoln"), in Korean order the
    # first ("Moon"): a Hangul spelling, a hyphenated given name or a Korean family name
    # says which
    ("Lincoln", LINCOLN, LINCOLN_Q, R),
    ("President Lincoln", LINCOLN, LINCOLN_Q, R),
    ("Mr. Lincoln", LINCOLN, LINCOLN_Q, R),
    ("Abraham", LINCOLN, LINCOLN_Q, W),
    ("President Abraham", LINCOLN, LINCOLN_Q, W),
    ("Johnson", LINCOLN, LINCOLN_Q, W),
    ("Lincoln or Johnson", LINCOLN, LINCOLN_Q, W),
    ("Lincoln", LINCOLN, "Who signed the Emancipation Proclamation?", W),
    ("Washington", WASHINGTON, WASHINGTON_Q, R),
    ("President Washington", WASHINGTON, WASHINGTON_Q, R),
    ("Washington", WASHINGTON, "Who was the first president of the United States?", R),
    ("George", WASHINGTON, WASHINGTON_Q, W),
    ("Adams", WASHINGTON, WASHINGTON_Q, W),
    ("de Gaulle", ["Charles de Gaulle"], "Which French president founded the Fifth Republic?", R),
    ("Charles", ["Charles de Gaulle"], "Which French president founded the Fifth Republic?", W),
    ("Moon", MOON, MOON_Q, R),
    ("President Moon", MOON, MOON_Q, R),
    ("Jae-in", MOON, MOON_Q, W),
    ("Jaein", MOON, MOON_Q, W),
    ("Yoon", ["Yoon Sukyeol", "윤석열"], YOON_Q, R),
    ("Sukyeol", ["Yoon Sukyeol", "윤석열"], YOON_Q, W),
    ("Park", ["Park Geunhye"], "Which president was impeached in 2017?", R),
    ("Geunhye", ["Park Geunhye"], "Which president was impeached in 2017?", W),
    # --- one typo over a whole name is almost ---
    ("Kim Yo Jung", KIM, KIM_Q, A),
    ("Kim Yo Jon", KIM, KIM_Q, A),
    ("Kim Yoo Jong", KIM, KIM_Q, A),
    ("Kim Yu Jung", KIM, KIM_Q, W),
    ("Kim Jong Un", KIM, KIM_Q, W),
    ("Yoon Suk Yeal", YOON, YOON_Q, A),
    ("Yon Suk Yeol", YOON, YOON_Q, A),
    ("Yoon Sok Yel", YOON, YOON_Q, W),
    ("Dongdaemun Desing Plaza", VENUE, VENUE_Q, A),
    ("Dongdaemun Design Plazza", VENUE, VENUE_Q, A),
    ("Dongdeamun Desing Plaza", VENUE, VENUE_Q, W),
    ("Woorian", WOORION, WOORION_Q, A),
    ("Worion", WOORION, WOORION_Q, A),
    ("Hanawon", WOORION, WOORION_Q, W),
    ("Pyongyan", PYONGYANG, PYONGYANG_Q, A),
    ("Pyeongyang", PYONGYANG, PYONGYANG_Q, A),
    ("Sooul", CITY, CITY_Q, A),
    ("Seol", CITY, CITY_Q, A),
    ("Busan", CITY, CITY_Q, W),
    # --- first letters and short words: "crash" is not "trash" ---
    ("crash", TRASH, TRASH_Q, W),
    ("trush", TRASH, TRASH_Q, A),
    ("tarsh", TRASH, TRASH_Q, A),
    ("trashes", TRASH, TRASH_Q, R),
    ("rubish", TRASH, TRASH_Q, A),
    ("garbage", TRASH, TRASH_Q, R),
    ("cash", TRASH, TRASH_Q, W),
    ("Dunday", SUNDAY, SUNDAY_Q, W),
    ("Sundy", SUNDAY, SUNDAY_Q, A),
    ("on Sunday", SUNDAY, SUNDAY_Q, R),
    ("Monday", SUNDAY, SUNDAY_Q, W),
    ("Xyongyang", PYONGYANG, PYONGYANG_Q, W),
    # --- singular and plural of the last word are right ---
    ("financial hardships", HARDSHIP, HARDSHIP_Q, R),
    ("financial hardship", HARDSHIP, HARDSHIP_Q, R),
    ("Financial Hardship.", HARDSHIP, HARDSHIP_Q, R),
    ("financial hardshp", HARDSHIP, HARDSHIP_Q, A),
    ("financial hardships and stigma", HARDSHIP, HARDSHIP_Q, W),
    ("emotional hardship", HARDSHIP, HARDSHIP_Q, W),
    ("hundred", HUNDREDS, HUNDREDS_Q, R),
    ("hundreds", HUNDREDS, HUNDREDS_Q, R),
    ("thousands", HUNDREDS, HUNDREDS_Q, W),
    # a vague count is a count: "several hundred" is "hundreds", and may name what it counts
    ("several hundred", HUNDREDS, HUNDREDS_Q, R),
    ("a few hundred", HUNDREDS, HUNDREDS_Q, R),
    ("about a few hundred", HUNDREDS, HUNDREDS_Q, R),
    ("hundreds of defectors", HUNDREDS, HUNDREDS_Q, R),
    ("several hundred defectors", HUNDREDS, HUNDREDS_Q, R),
    ("a few hundred defectors", HUNDREDS, HUNDREDS_Q, R),
    ("several hundred people", HUNDREDS, HUNDREDS_Q, R),
    ("hundreds of people", HUNDREDS, HUNDREDS_Q, R),
    ("several hundred", ["hundreds of defectors"], HUNDREDS_Q, R),
    ("several thousand defectors", HUNDREDS, HUNDREDS_Q, W),
    ("thousands of defectors", HUNDREDS, HUNDREDS_Q, W),
    ("hundreds of soldiers", HUNDREDS, HUNDREDS_Q, W),
    ("hundreds of years", HUNDREDS, HUNDREDS_Q, W),
    ("hundreds or thousands", HUNDREDS, HUNDREDS_Q, W),
    ("a hundred defectors", HUNDREDS, HUNDREDS_Q, W),
    ("100 defectors", HUNDREDS, HUNDREDS_Q, W),
    ("several hundred July", HUNDREDS, HUNDREDS_Q, W),
    ("tax benefit", ["tax benefits"], "What did Yoon offer?", R),
    ("tax benefits", ["tax benefit"], "What did Yoon offer?", R),
    ("taxes benefits", ["tax benefits"], "What did Yoon offer?", W),
    # ... and so is the head of each phrase before "of", "towards", ...
    ("the perception of defectors", PERCEPTIONS, PERCEPTIONS_Q, R),
    ("perception of defectors", PERCEPTIONS, PERCEPTIONS_Q, R),
    ("perceptions of defector", PERCEPTIONS, PERCEPTIONS_Q, R),
    ("perception of defector", PERCEPTIONS, PERCEPTIONS_Q, R),
    ("attitude towards defector", ["attitudes towards defectors"], PERCEPTIONS_Q, R),
    ("perceptoins of defectors", PERCEPTIONS, PERCEPTIONS_Q, A),
    ("perceptions of soldiers", PERCEPTIONS, PERCEPTIONS_Q, W),
    ("perceptions by defectors", PERCEPTIONS, PERCEPTIONS_Q, W),
    ("public perception", PERCEPTIONS, PERCEPTIONS_Q, W),
    ("perceptions of defectors and soldiers", PERCEPTIONS, PERCEPTIONS_Q, W),
    ("tax benefit scheme", ["tax benefits schemes"], "What did Yoon offer?", W),
    ("stigmas", ["stigma"], "What do defectors face?", R),
    ("discriminations", ["discrimination"], "What do defectors face?", R),
    ("balloon", ["balloons"], "What did the defectors launch?", R),
    ("boxes", ["box"], "What?", R),
    ("batteries", ["battery"], "What?", R),
    # --- a verb answer: "to", or a short subject and the question's own modal, before it ---
    ("to celebrate it", CELEBRATE, CELEBRATE_Q, R),
    ("we should celebrate it", CELEBRATE, CELEBRATE_Q, R),
    ("We should celebrate it.", CELEBRATE, CELEBRATE_Q, R),
    ("they should celebrate it", CELEBRATE, CELEBRATE_Q, R),
    ("people should celebrate it", CELEBRATE, CELEBRATE_Q, R),
    ("everyone should celebrate the day", CELEBRATE, CELEBRATE_Q, R),
    ("we all should celebrate it", CELEBRATE, CELEBRATE_Q, R),
    ("should celebrate it", CELEBRATE, CELEBRATE_Q, R),
    ("we should celebrte it", CELEBRATE, CELEBRATE_Q, A),
    ("to forget it", CELEBRATE, CELEBRATE_Q, W),
    ("we should forget it", CELEBRATE, CELEBRATE_Q, W),
    ("we should not celebrate it", CELEBRATE, CELEBRATE_Q, W),
    ("we shouldn't celebrate it", CELEBRATE, CELEBRATE_Q, W),
    ("nobody should celebrate it", CELEBRATE, CELEBRATE_Q, W),
    ("no one should celebrate it", CELEBRATE, CELEBRATE_Q, W),
    ("we should celebrate it or forget it", CELEBRATE, CELEBRATE_Q, W),
    ("Kim Jong Un should celebrate it", CELEBRATE, CELEBRATE_Q, W),
    # --- case, accents, punctuation never matter; blanks are wrong ---
    ("SEOUL", CITY, CITY_Q, R),
    ("  seoul!! ", CITY, CITY_Q, R),
    ("Séoul", CITY, CITY_Q, R),
    ("", CITY, CITY_Q, W),
    ("   ", CITY, CITY_Q, W),
    ("the", CITY, CITY_Q, W),
    ("about", COUNT, COUNT_Q, W),
    ("Seoul Busan", CITY, CITY_Q, W),
    # --- a comparison, in any plain words for "more than", where "more than" is right ---
    ("more than 34,000", MORE, COUNT_Q, R),
    ("over 34,000", MORE, COUNT_Q, R),
    ("Over 34,000 defectors", MORE, COUNT_Q, R),
    ("above 34,000", MORE, COUNT_Q, R),
    ("upwards of 34,000", MORE, COUNT_Q, R),
    ("in excess of 34,000", MORE, COUNT_Q, R),
    ("greater than 34,000", MORE, COUNT_Q, R),
    ("over thirty-four thousand", MORE, COUNT_Q, R),
    ("over 34k", MORE, COUNT_Q, R),
    ("34,000+", MORE_WORDS, COUNT_Q, R),
    ("over 34,000", MORE_WORDS, COUNT_Q, R),
    ("above 34,000 people", MORE_WORDS, COUNT_Q, R),
    ("over 33,000", MORE, COUNT_Q, W),
    ("over 35,000", MORE_WORDS, COUNT_Q, W),
    ("above 3만 3천", MORE, COUNT_Q, W),
    ("under 34,000", MORE, COUNT_Q, W),
    ("34,000", MORE, COUNT_Q, W),
    ("over 34,000 soldiers", MORE, ESCAPED_Q, W),
    # ... and still not the number itself
    ("over 34,000", COUNT, COUNT_Q, W),
    ("above 34,000", COUNT, COUNT_Q, W),
    # --- and the plain words for "less than", where "less than" is right ---
    ("less than 1,000", LESS_WORDS, COUNT_Q, R),
    ("under 1,000", LESS_WORDS, COUNT_Q, R),
    ("fewer than 1000", LESS_WORDS, COUNT_Q, R),
    ("below a thousand", LESS_WORDS, COUNT_Q, R),
    ("under 2,000", LESS_WORDS, COUNT_Q, W),
    ("over 1,000", LESS_WORDS, COUNT_Q, W),
    ("1,000", LESS_WORDS, COUNT_Q, W),
    ("under 1,000", ["1,000"], COUNT_Q, W),
    # --- "or more" / "or less" after a number is "at least" / "at most" before it ---
    ("34,000 or more", AT_LEAST, COUNT_Q, R),
    ("34,000 people or more", AT_LEAST, COUNT_Q, R),
    ("1,000 or fewer", AT_MOST, COUNT_Q, R),
    ("1,000 or less", AT_MOST, COUNT_Q, R),
    ("34,000 or more", COUNT, COUNT_Q, W),
    ("34,000 or more", MORE, COUNT_Q, W),
    ("1,000 or less", LESS_WORDS, COUNT_Q, W),
    # --- Korean comparisons read as their English words: 초과 more than, 미만 less than,
    # 이상 at least (or more), 이하 at most (or less), after the number and its counter ---
    ("3만 4천 명 초과", MORE, COUNT_Q, R),
    ("34,000명 초과", MORE_WORDS, COUNT_Q, R),
    ("3만4천명초과", MORE, COUNT_Q, R),
    ("1천 명 미만", LESS_WORDS, COUNT_Q, R),
    ("1000 미만", LESS_WORDS, COUNT_Q, R),
    ("3만 4천 명 이상", AT_LEAST, COUNT_Q, R),
    ("34000명이상", AT_LEAST, COUNT_Q, R),
    ("1천 명 이하", AT_MOST, COUNT_Q, R),
    ("3만 4천 명 이상", COUNT, COUNT_Q, W),
    ("3만 4천 명 이상", MORE, COUNT_Q, W),
    ("3만 4천 명 초과", COUNT, COUNT_Q, W),
    ("3만 3천 명 초과", MORE, COUNT_Q, W),
    ("1천 명 미만", MORE, COUNT_Q, W),
    ("1천 명 이하", LESS_WORDS, COUNT_Q, W),
    ("3만 4천 명 이상", ["3만 4천 명 이상"], COUNT_Q, R),
    ("34,000 or more", ["3만 4천 명 이상"], COUNT_Q, R),
    # --- 약 and 대략 (about) before a number are hedges, as "about" is ---
    ("약 3만 4천 명", COUNT, COUNT_Q, R),
    ("약 34,000명", COUNT, COUNT_Q, R),
    ("약3만4천명", COUNT, COUNT_Q, R),
    ("대략 3만 4천", COUNT, COUNT_Q, R),
    ("약 3만 3천 명", COUNT, COUNT_Q, W),
    ("약", ["약"], "What does a pharmacist hand over?", R),
    ("약 봉투", ["봉투"], "What does a pharmacist hand over?", W),
    # --- a Korean date, month 월 then day 일, spaced or not, is the date ---
    ("7월 14일", DATE, DATE_Q, R),
    ("7월14일", DATE, DATE_Q, R),
    ("７월 １４일", DATE, DATE_Q, R),
    ("2024년 7월 14일", DATE, DATE_Q, R),
    ("7월14일", ["7월 14일"], DATE_Q, R),
    ("7월 15일", DATE, DATE_Q, W),
    ("14월 7일", DATE, DATE_Q, W),
    ("7월 14일", ["14 July 2023"], DATE_Q, R),
    ("2024년 7월 14일", ["14 July 2023"], DATE_Q, W),
    # --- and a Korean percent: 퍼센트 or 프로 after the number ---
    ("71퍼센트", PERCENT, PERCENT_Q, R),
    ("71 퍼센트", PERCENT, PERCENT_Q, R),
    ("71프로", PERCENT, PERCENT_Q, R),
    ("72프로", PERCENT, PERCENT_Q, W),
    # --- more Korean for "more than": 넘게 / 넘는 (over) after the number, and 여 on it
    # ("3만여 명": 30,000-odd people) ---
    ("3만 4천 명 넘게", MORE, COUNT_Q, R),
    ("3만4천명 넘는", MORE_WORDS, COUNT_Q, R),
    ("3만 4천여 명", MORE, COUNT_Q, R),
    ("34,000여 명", MORE_WORDS, COUNT_Q, R),
    ("3만 4천여 명", COUNT, COUNT_Q, W),
    ("3만 4천 명 넘게", COUNT, COUNT_Q, W),
    ("3만 3천여 명", MORE, COUNT_Q, W),
    # --- a Korean answer's particle of place (에서, 에: "in", "at") or polite ending
    # (입니다, 이요, 이에요, 예요: "it is") is set aside, as "in" or "at" is ---
    ("서울에서", ["서울"], CITY_Q, R),
    ("서울입니다", ["서울"], CITY_Q, R),
    ("서울이요", ["서울"], CITY_Q, R),
    ("서울이에요", ["서울"], CITY_Q, R),
    ("동대문디자인플라자에서", ["동대문디자인플라자"], VENUE_Q, R),
    ("부산에서", ["서울"], CITY_Q, W),
    ("에서", ["서울"], CITY_Q, W),
    ("서울", ["서울에서"], CITY_Q, R),
    ("학교예요", ["학교"], CITY_Q, R),
    ("학교이요", ["학교"], CITY_Q, W),  # 이요 only after a closed syllable: 학교예요
]


def test_the_table_is_large_enough_to_mean_something():
    assert len(ROWS) >= 150
    assert {row[3] for row in ROWS} == {R, A, W}


@pytest.mark.parametrize(("response", "accepted", "context", "expected"), ROWS)
def test_grading_table(response, accepted, context, expected):
    assert judge_text(response, accepted, context=context).outcome is expected


@pytest.mark.parametrize(
    ("response", "accepted", "context", "reason"),
    [
        ("approximately 34,000", COUNT, COUNT_Q, "accepted: we ignore 'approximately'"),
        ("34,000 defectors", COUNT, COUNT_Q, "accepted: we ignore 'defectors' after the number"),
        ("34k", COUNT, COUNT_Q, "accepted: we read '34k' as 34000"),
        ("34,000+", COUNT, COUNT_Q, "wrong: the number is right, but 'more', 'than' changes it"),
        ("AD 2006", YEAR, YEAR_Q, "accepted: we ignore 'ad'"),
        ("7/14", DATE, DATE_Q, "accepted: we read '7/14' as 14 july"),
        ("Yoon Sukyeol", YOON, YOON_Q, "accepted: spaces and hyphens in names do not matter"),
        ("Yoon", YOON, YOON_Q, "accepted: the family name is enough for a president"),
        ("financial hardships", HARDSHIP, HARDSHIP_Q, f"accepted: {PLURAL_NOTE}"),
        ("Kim Yo Jung", KIM, KIM_Q, "almost: one letter is off, so check the spelling"),
        ("Seoul or Busan", CITY, CITY_Q, "wrong: give one answer, not two"),
        ("14 July 2023", DATE, DATE_Q, "wrong: the day is right but the year is not"),
        ("34001", COUNT, COUNT_Q, "wrong: numbers must be exact"),
        ("34,000 refugees", COUNT, ESCAPED_Q, "accepted: we ignore 'refugees' after the number"),
        ("100°C", CELSIUS, CELSIUS_Q, "accepted: we ignore 'c' after the number"),
        ("71 per cent", PERCENT, PERCENT_Q, "right"),
        ("12 days", WEEKS, WEEKS_Q, "wrong: the number is right, but 'days' is not its unit"),
        ("100 F", CELSIUS, CELSIUS_Q, "wrong: the number is right, but 'f' is not its unit"),
        (
            "34,000 soldiers",
            COUNT,
            ESCAPED_Q,
            "wrong: the number is right, but the question does not count 'soldiers'",
        ),
        (
            "2006 people",
            YEAR,
            YEAR_Q,
            "wrong: the year is right, but 'people' after it makes it a count",
        ),
        ("the 14th", DATE, DATE_Q, "wrong: the day is right, but the month is missing"),
        ("14 June", DATE, DATE_Q, "wrong: the day is right but the month is not"),
        ("14 Julyy", DATE, DATE_Q, "almost: check the spelling of the month"),
        ("14", DATE, DATE_STATEMENT_Q, "wrong: the day is right, but the month is missing"),
        ("July fourteenth", DATE, DATE_Q, "accepted: we read 'july fourteenth' as 14 july"),
        (
            "nineteen forty-five",
            WAR_END,
            WAR_END_Q,
            "accepted: we read 'nineteen forty five' as 1945",
        ),
        ("3.140", PI, PI_Q, "accepted: we read '3.140' as 3.14"),
        (
            "more than 34,000",
            COUNT,
            COUNT_Q,
            "wrong: the number is right, but 'more', 'than' changes it",
        ),
        ("Seoul", CITY, CITY_Q, "right"),
        ("", CITY, CITY_Q, "wrong: no answer was given"),
        (
            "the city of Pyongyang",
            PYONGYANG,
            PYONGYANG_Q,
            "accepted: we ignore 'the', 'city', 'of'",
        ),
        (
            "Supreme Leader Kim Jong Un",
            KIM_JONG_UN,
            RULE_Q,
            "accepted: we ignore 'supreme', 'leader'",
        ),
        ("we should celebrate it", CELEBRATE, CELEBRATE_Q, "accepted: we ignore 'we', 'should'"),
        (
            "the perception of defectors",
            PERCEPTIONS,
            PERCEPTIONS_Q,
            f"accepted: we ignore 'the'; {PLURAL_NOTE}",
        ),
        (
            "several hundred people",
            HUNDREDS,
            HUNDREDS_Q,
            "accepted: we read 'several hundred' as hundreds; we ignore 'people' after the number",
        ),
        ("Lincoln", LINCOLN, LINCOLN_Q, "accepted: the family name is enough for a president"),
        ("over 34,000", MORE, COUNT_Q, "accepted: we read 'over' as 'more than'"),
        (
            "3만 4천명",
            COUNT,
            COUNT_Q,
            "accepted: we read '3만 4천' as 34000; we ignore '명' after the number",
        ),
        ("3만 3천", COUNT, COUNT_Q, "wrong: numbers must be exact"),
        (
            "3만 4천 명 이상",
            AT_LEAST,
            COUNT_Q,
            "accepted: we read '3만 4천' as 34000; we read '이상' as 'at least'; "
            "we ignore '명' after the number",
        ),
        ("약 3만 4천", COUNT, COUNT_Q, "accepted: we read '3만 4천' as 34000; we ignore '약'"),
        ("서울에서", ["서울"], CITY_Q, "accepted: we ignore '에서'"),
        # a name is not read as a number, though its syllables could spell one (이천: 2,000)
        ("사천", ["이천"], "Which city hosts the rice festival?", "wrong: that is not the answer"),
    ],
)
def test_each_verdict_says_why(response, accepted, context, reason):
    assert judge_text(response, accepted, context=context).reason == reason


@pytest.mark.parametrize(
    ("response", "accepted", "expected"),
    [
        ("Seoul", CITY, R),
        ("SEOUL!", CITY, R),
        ("34 000", COUNT, R),
        ("Sooul", CITY, W),
        ("about 34,000", COUNT, W),
        ("thirty-four thousand", COUNT, W),
        ("the USA", ["USA"], W),
        ("financial hardships", HARDSHIP, W),
        ("Yoon Sukyeol", YOON, W),
        ("7/14", DATE, W),
    ],
)
def test_a_strict_question_keeps_only_the_plain_normalisation(response, accepted, expected):
    verdict = judge_text(response, accepted, strict=True, context="Spell it")
    assert verdict.outcome is expected
    if expected is W:
        assert verdict.reason == "wrong: this question wants the exact spelling"


def test_a_cloze_takes_its_units_from_the_fact_statement_too():
    fact = Fact(statement="About 34,000 defectors live in the South.")
    cloze = Question(kind="cloze", prompt="About {{blank}} have resettled.", answer="34,000")
    cloze.fact = fact
    verdict = judge_answer(cloze, "34,000 defectors")
    assert verdict == Verdict(R, "accepted: we ignore 'defectors' after the number")
    assert judge_answer(cloze, "34,000 soldiers").outcome is W


def test_a_cloze_asking_in_the_year_takes_an_era_after_the_year():
    """ "in the year ___" asks for a year as "In which year…?" does: "2006 AD" and
    "2006년" are right in both forms of the fact, a count after it is not."""
    fact = Fact(statement="Park Daehyeon fled North Korea in 2006.")
    cloze = Question(kind="cloze", prompt="He fled in the year {{blank}}.", answer="2006")
    cloze.fact = fact
    assert judge_answer(cloze, "2006 AD").outcome is R
    assert judge_answer(cloze, "2006년").outcome is R
    assert judge_answer(cloze, "2006 people").outcome is W


@pytest.mark.parametrize(
    "prompt",
    [
        "South Korea's then president, {{blank}}, promised larger resettlement funds.",
        "President {{blank}} promised larger resettlement funds.",
    ],
)
def test_a_cloze_whose_blank_names_a_president_takes_the_family_name(prompt):
    """As "Which president…?" does: the typed question took "Yoon" while the same fact's
    cloze, the blank set after "president", marked it wrong."""
    fact = Fact(statement="President Yoon Suk Yeol promised larger resettlement funds.")
    cloze = Question(kind="cloze", prompt=prompt, answer=YOON[0], accepted_variants=YOON[1:])
    cloze.fact = fact
    assert judge_answer(cloze, "Yoon").outcome is R
    assert judge_answer(cloze, "Moon").outcome is W
    assert judge_answer(cloze, "Suk Yeol").outcome is W


def test_a_cloze_whose_blank_follows_president_of_is_not_asking_for_a_name():
    """ "the president of {{blank}}" asks for a country: no family-name rule there."""
    fact = Fact(statement="Yoon Suk Yeol was the president of South Korea.")
    cloze = Question(
        kind="cloze", prompt="Yoon was the president of {{blank}}.", answer="South Korea"
    )
    cloze.fact = fact
    assert judge_answer(cloze, "Korea").outcome is not R
