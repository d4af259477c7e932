package resolve

// equivalents are given names that records use for one person without
// any spelling resemblance: English hypocorisms (Tom for Thomas, Bill for
// William) and the same name in another language (Yusuf, Joseph, José).
// Each group is one name; tokenSim scores members of a group as 0.93.
// Compiled from common knowledge of naming conventions.
var equivalents = [][]string{
	{"thomas", "tom", "tommy", "thom"}, {"william", "will", "bill", "billy", "willie", "willy", "liam", "wilhelm", "guillaume", "guillermo"},
	{"robert", "rob", "bob", "bobby", "robbie", "bert"}, {"richard", "rich", "rick", "dick", "ricky", "ricardo"},
	{"james", "jim", "jimmy", "jamie", "jacques", "diego", "santiago"}, {"john", "jack", "johnny", "jon", "juan", "jean", "johann", "johannes", "hans", "giovanni", "ivan", "sean", "ian", "yohannes", "yahya"},
	{"joseph", "joe", "joey", "jose", "giuseppe", "josef", "yusuf", "youssef", "yosef"},
	{"edward", "ed", "eddie", "ted", "teddy", "ned"}, {"theodore", "ted", "teddy", "theo"},
	{"charles", "charlie", "chuck", "carlos", "karl", "carl"}, {"henry", "harry", "hal", "hank", "henri", "enrique", "heinrich"},
	{"francis", "frank", "frankie", "francisco", "francois", "franz"}, {"frederick", "fred", "freddie", "freddy", "friedrich"},
	{"michael", "mike", "mick", "mikhail", "michel", "miguel", "mikael", "michele"}, {"peter", "pete", "pierre", "pedro", "pyotr", "petros", "boutros", "pietro"},
	{"paul", "pablo", "pavel", "paolo", "boulos"}, {"alexander", "alex", "alec", "sasha", "aleksandr", "alexandre", "alessandro", "iskandar"},
	{"anthony", "tony", "antonio", "anton", "antoine"}, {"andrew", "andy", "drew", "andrei", "andreas", "andre"},
	{"christopher", "chris", "kit", "cristobal"}, {"daniel", "dan", "danny"}, {"david", "dave", "davy", "dawud", "daoud", "dawit", "davit"},
	{"samuel", "sam", "sammy"}, {"timothy", "tim", "timmy"}, {"patrick", "pat", "paddy"}, {"nicholas", "nick", "nicky", "nicolas", "nikolai"},
	{"stephen", "steve", "steven", "stefan", "esteban", "istvan"}, {"matthew", "matt", "matteo", "mateo", "matthias"},
	{"benjamin", "ben", "benny", "bibi"}, {"george", "georgie", "jorge", "georges", "giorgi", "georgios"},
	{"abraham", "abe", "ibrahim", "avraham"}, {"moses", "musa", "moshe"}, {"solomon", "sulayman", "suleiman", "shlomo"},
	{"jesus", "isa"}, {"noah", "nuh"}, {"othman", "osman", "usman", "uthman", "osmane", "outhmane"}, {"jonah", "yunus", "jonas"}, {"elijah", "ilyas", "elias", "eli"}, {"zachary", "zakaria", "zacharias"},
	{"gabriel", "jibril", "gavriel"}, {"jacob", "yaqub", "yakub", "jakob", "yakov"}, {"mary", "maria", "marie", "maryam", "mariam", "molly", "polly"},
	{"elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "elisabeth", "isabel"}, {"margaret", "maggie", "meg", "peggy", "margarita"},
	{"catherine", "kate", "katie", "cathy", "kathy", "katherine", "katarina", "ekaterina"}, {"sarah", "sally", "sara"},
	{"ann", "anne", "annie", "anna", "nancy", "hannah"}, {"susan", "sue", "susie", "suzanne"}, {"deborah", "debbie", "debra"},
	{"patricia", "pat", "patty", "trish"}, {"helen", "nell", "ellen", "elena", "helena"}, {"jennifer", "jen", "jenny"},
	{"rebecca", "becky"}, {"dorothy", "dot", "dolly"}, {"emily", "em", "emmy"}, {"alfred", "alf", "alfie"}, {"arthur", "art"},
	{"albert", "al", "bert"}, {"leonard", "len", "lenny", "leo"}, {"lawrence", "larry", "laurence", "lorenzo"}, {"gerald", "gerry", "jerry", "gerard"},
	{"raymond", "ray"}, {"ronald", "ron", "ronnie"}, {"donald", "don", "donnie"}, {"kenneth", "ken", "kenny"}, {"douglas", "doug"},
	{"walter", "walt", "wally"}, {"harold", "harry", "hal"}, {"herbert", "herb", "bert"}, {"augustus", "gus"}, {"archibald", "archie"},
}

// equivalentOf maps each name of equivalents to the groups it belongs to.
var equivalentOf = func() map[string][]int {
	out := map[string][]int{}
	for g, names := range equivalents {
		for _, n := range names {
			out[n] = append(out[n], g)
		}
	}
	return out
}()

// equivalent reports whether two tokens are one given name in the
// equivalents table.
func equivalent(a, b string) bool {
	ga, gb := equivalentOf[a], equivalentOf[b]
	for _, x := range ga {
		for _, y := range gb {
			if x == y {
				return true
			}
		}
	}
	return false
}
